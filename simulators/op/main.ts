import { parseArgs } from 'node:util';
import { Keystore } from '../../lib/pki/keystore.ts';
import { formatIssue, InputFileError, loadOidcScenario } from '../../lib/scenario/index.ts';
import { parseStateOption } from '../../lib/state/state-db.ts';
import { startOpSimulator } from './create-op-simulator.ts';

const USAGE = `usage: node --import tsx simulators/op/main.ts --scenario FILE [--port N] [--name NAME] [--base-url URL] [--keystore DIR] [--state FILE|memory]

Prints one JSON line (the OP info) once listening; stops on SIGTERM or SIGINT.`;

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: '0' },
      name: { type: 'string' },
      'base-url': { type: 'string' },
      keystore: { type: 'string' },
      state: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.scenario) throw new UsageError('--scenario is required (e.g. scenarios/generic-oidc.yaml)');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port ${values.port} is not a port`);

  const running = await startOpSimulator({
    scenario: loadOidcScenario(values.scenario),
    port,
    name: values.name,
    baseUrl: values['base-url'],
    keystore: values.keystore ? new Keystore(values.keystore) : undefined,
    state: parseStateOption(values.state),
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
  if (e instanceof InputFileError) {
    process.stderr.write(`${e.issues.map(formatIssue).join('\n')}\n`);
  } else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  } else {
    process.stderr.write(`op simulator: ${(e as Error).message ?? String(e)}\n`);
  }
  process.exit(2);
});
