import type { AddressInfo } from 'node:net';
import { startLoginServer } from './login-server.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startLoginServer();
  process.env.PLAIN_LOGIN_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise((resolve) => server.close(() => resolve()));
}
