import { parseArgs } from 'node:util';
import { parseStateOption } from '../../lib/state/state-db.ts';
import { startSpSimulator } from './start.ts';

/*
 * node --import tsx simulators/sp/main.ts [--port N] [--defect X ...] [--org ID] [--name NAME] [--state FILE|memory]
 * Prints the SpInfo JSON on one line once listening; stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      defect: { type: 'string', multiple: true },
      org: { type: 'string' },
      name: { type: 'string' },
      state: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const sp = await startSpSimulator({
    port,
    defects: values.defect ?? [],
    orgId: values.org,
    name: values.name,
    state: parseStateOption(values.state),
  });
  process.stdout.write(`${JSON.stringify(sp.info)}\n`);
  const stop = () => {
    void sp.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
