import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on loopback (port 0 = a free port) and surfaces EADDRINUSE instead of looking like success. */
export function listen(
  app: Express,
  port = 0,
  host = process.env.ACCORD_LISTEN_HOST ?? '127.0.0.1',
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      const addr = server.address() as AddressInfo;
      const url = `http://${host}:${addr.port}`;
      resolve({
        url,
        port: addr.port,
        close: () =>
          new Promise<void>((res) => {
            server.closeAllConnections?.();
            server.close(() => res());
          }),
      });
    });
    server.on('error', reject);
    server.keepAliveTimeout = 5000;
  });
}
