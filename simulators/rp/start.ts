import type { RpInfo } from '../../lib/admin/oidc-protocol.ts';
import { listen } from '../shared/listen.ts';
import { createRpSimulator, type RpSimulator } from './app.ts';
import type { RpSimulatorOptions } from './options.ts';

export interface RunningRp {
  url: string;
  info: RpInfo;
  simulator: RpSimulator;
  close(): Promise<void>;
}

/**
 * Starts the reference RP on 127.0.0.1 (port 0 = a free port). `baseUrl` is the address the OP
 * and browsers use when that is not the listening one (a container name behind docker-compose).
 */
export async function startRpSimulator(
  opts: RpSimulatorOptions & { port?: number; baseUrl?: string } = {},
): Promise<RunningRp> {
  const { port, baseUrl, ...rest } = opts;
  const simulator = createRpSimulator(rest);
  const server = await listen(simulator.app, port ?? 0);
  const info = simulator.attach(baseUrl ?? server.url);
  return { url: server.url, info, simulator, close: () => server.close() };
}
