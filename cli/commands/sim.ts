import { parseArgs } from 'node:util';
import { Keystore } from '../../lib/pki/index.ts';
import { loadOidcScenario, loadSamlScenario } from '../../lib/scenario/index.ts';
import { parseStateOption } from '../../lib/state/state-db.ts';
import { startIdpSimulator } from '../../simulators/idp/index.ts';
import { startOpSimulator } from '../../simulators/op/index.ts';
import { startRpSimulator } from '../../simulators/rp/index.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';

/** Runs one simulator in the foreground for people clicking through a login. */
export async function simCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: '0' },
      defect: { type: 'string', multiple: true },
      org: { type: 'string' },
      'base-url': { type: 'string' },
      state: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got "${values.port}"`);
  const keystore = new Keystore();
  // What an administrator configures here outlives a restart, unless --state memory.
  const state = parseStateOption(values.state);
  let sim: { url: string; info: unknown; close(): Promise<void> };
  if (kind === 'idp') {
    if (!values.scenario) throw new Error('accord sim idp needs --scenario FILE (e.g. scenarios/adfs.yaml)');
    sim = await startIdpSimulator({
      scenario: loadSamlScenario(values.scenario),
      keystore,
      port,
      defects: values.defect ?? [],
      state,
    });
  } else if (kind === 'sp') {
    sim = await startSpSimulator({
      keystore,
      port,
      defects: values.defect ?? [],
      orgId: values.org,
      baseUrl: values['base-url'],
      state,
    });
  } else if (kind === 'op') {
    if (!values.scenario)
      throw new Error('accord sim op needs --scenario FILE (e.g. scenarios/generic-oidc.yaml)');
    const op = await startOpSimulator({
      scenario: loadOidcScenario(values.scenario),
      keystore,
      port,
      baseUrl: values['base-url'],
      state,
    });
    process.stdout.write(`discovery: ${op.info.discoveryUrl}\n`);
    sim = op;
  } else if (kind === 'rp') {
    sim = await startRpSimulator({
      keystore,
      port,
      defects: values.defect ?? [],
      baseUrl: values['base-url'],
    });
  } else {
    throw new Error(`accord sim: expected "idp", "sp", "op" or "rp", got "${kind ?? ''}"`);
  }
  process.stdout.write(`${JSON.stringify(sim.info, null, 2)}\nrunning at ${sim.url} — Ctrl-C to stop\n`);
  await new Promise<void>((res) => {
    process.once('SIGINT', res);
    process.once('SIGTERM', res);
  });
  await sim.close();
  return 0;
}
