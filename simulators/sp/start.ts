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

/** Starts the reference SP on 127.0.0.1 (port 0 = a free port). */
export async function startSpSimulator(
  opts: SpSimulatorOptions & { port?: number } = {},
): Promise<RunningSp> {
  const { port, ...rest } = opts;
  const simulator = createSpSimulator(rest);
  const server = await listen(simulator.app, port ?? 0);
  const info = simulator.attach(server.url);
  await warmUpSchemaValidator();
  return { url: server.url, info, simulator, close: () => server.close() };
}
