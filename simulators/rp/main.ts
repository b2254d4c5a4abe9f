import { parseArgs } from 'node:util';
import { RP_DEFECTS } from './defects.ts';
import { startRpSimulator } from './start.ts';

const USAGE = `usage: node --import tsx simulators/rp/main.ts [--port N] [--defect NAME]... [--name NAME] [--base-url URL]

Prints one JSON line (the RP info) once listening; stops on SIGTERM or SIGINT. The RP keeps no state
across restarts: its OP is set by POST /__accord/op.
Defects:
${RP_DEFECTS.map((d) => `  ${d.name.padEnd(24)} ${d.description}`).join('\n')}`;

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      defect: { type: 'string', multiple: true, default: [] },
      name: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port ${values.port} is not a port`);

  const running = await startRpSimulator({
    port,
    defects: values.defect,
    name: values.name,
    baseUrl: values['base-url'],
  });
  process.stdout.write(`${JSON.stringify(running.info)}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  } else {
    process.stderr.write(`rp simulator: ${(e as Error).message ?? String(e)}\n`);
  }
  process.exit(2);
});
