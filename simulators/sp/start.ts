import type { SpInfo } from '../../lib/admin/protocol.ts';
import { warmUpSchemaValidator } from '../../lib/saml/schema/validator.ts';
import { listen } from '../shared/listen.ts';
import { createSpSimulator, type SpSimulator } from './app.ts';
import type { SpSimulatorOptions } from './options.ts';

export interface RunningSp {
  url: string;
  info: SpInfo;
  simulator: SpSimulator;
  close(): Promise<void>;
}

/**
 * Starts the reference SP on 127.0.0.1 (port 0 = a free port). `baseUrl` is the address peers
 * use when that is not the listening one (a container name behind docker-compose).
 */
export async function startSpSimulator(
  opts: SpSimulatorOptions & { port?: number; baseUrl?: string } = {},
): Promise<RunningSp> {
  const { port, baseUrl, ...rest } = opts;
  const simulator = createSpSimulator(rest);
  const server = await listen(simulator.app, port ?? 0);
  const info = simulator.attach(baseUrl ?? server.url);
  await warmUpSchemaValidator();
  return {
    url: server.url,
    info,
    simulator,
    close: async () => {
      await server.close();
      simulator.context.opts.state.close();
    },
  };
}
