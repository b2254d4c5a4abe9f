import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Keystore } from '../../lib/pki/index.ts';
import { loadOidcScenario, loadSamlScenario } from '../../lib/scenario/index.ts';
import { parseStateOption } from '../../lib/state/state-db.ts';
import { startIdpSimulator } from '../../simulators/idp/index.ts';
import { startOpSimulator } from '../../simulators/op/index.ts';
import { startRpSimulator } from '../../simulators/rp/index.ts';
import { TRACE_PAGE_PATH } from '../../simulators/shared/trace-page.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import { routingLines, routingSimulatorLines, routingTraceBases } from '../sim/routing-lines.ts';
import { routingPorts } from '../sim/routing-ports.ts';
import { startPair } from '../sim/start-pair.ts';
import { checkBaseUrl, checkTrustUrl, parsePortFlag, trustPeerFromUrl } from '../sim/trust-peer.ts';

const KINDS = ['idp', 'sp', 'op', 'rp', 'pair'] as const;

interface Running {
  url: string;
  info: unknown;
  close(): Promise<void>;
}

/** Runs one simulator (or a trusting IdP and SP pair) in the foreground for people clicking through a login. */
export async function simCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (!(KINDS as readonly string[]).includes(kind ?? ''))
    throw new Error(`accord sim: expected ${KINDS.map((k) => `"${k}"`).join(', ')}, got "${kind ?? ''}"`);
  if (kind === 'pair') return simPair(rest);
  const { values } = parseArgs({
    args: rest,
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: '0' },
      defect: { type: 'string', multiple: true },
      org: { type: 'string' },
      'base-url': { type: 'string' },
      state: { type: 'string' },
      trust: { type: 'string', multiple: true },
    },
  });
  // Every flag is checked before a port is taken or a state file opened.
  const port = parsePortFlag('--port', values.port);
  const baseUrl =
    values['base-url'] === undefined ? undefined : checkBaseUrl('--base-url', values['base-url']);
  const trust = (values.trust ?? []).map(checkTrustUrl);
  if (trust.length && kind !== 'idp' && kind !== 'sp')
    throw new Error(`--trust: only "sim idp" and "sim sp" take a peer's metadata (not "sim ${kind}")`);
  if (values.org !== undefined && kind !== 'sp') throw new Error(`--org: only "sim sp" has an organization`);
  // The reference SP plays no scenario: a routing scenario's rules need its IdPs, which sim pair starts.
  if (values.scenario !== undefined && kind === 'sp')
    throw new Error(
      `--scenario: "sim sp" takes no scenario; for a routing scenario's IdPs and rules use "accord sim pair --scenario ${values.scenario}"`,
    );
  const keystore = new Keystore();
  // What an administrator configures here outlives a restart, unless --state memory.
  const state = parseStateOption(values.state);
  let sim: Running;
  let addPeer: ((xml: string) => { entityId: string }) | undefined;
  if (kind === 'idp') {
    if (!values.scenario) throw new Error('accord sim idp needs --scenario FILE (e.g. scenarios/adfs.yaml)');
    const idp = await startIdpSimulator({
      scenario: loadSamlScenario(values.scenario),
      keystore,
      port,
      defects: values.defect ?? [],
      baseUrl,
      state,
    });
    addPeer = (xml) => idp.simulator.context.peers.add(xml);
    sim = idp;
  } else if (kind === 'sp') {
    const sp = await startSpSimulator({
      keystore,
      port,
      defects: values.defect ?? [],
      orgId: values.org,
      baseUrl,
      state,
    });
    addPeer = (xml) => sp.simulator.context.peers.add(xml);
    sim = sp;
  } else if (kind === 'op') {
    if (!values.scenario)
      throw new Error('accord sim op needs --scenario FILE (e.g. scenarios/generic-oidc.yaml)');
    const op = await startOpSimulator({
      scenario: loadOidcScenario(values.scenario),
      keystore,
      port,
      baseUrl,
      state,
    });
    process.stdout.write(`discovery: ${op.info.discoveryUrl}\n`);
    sim = op;
  } else {
    sim = await startRpSimulator({ keystore, port, defects: values.defect ?? [], baseUrl });
  }
  process.stdout.write(`${JSON.stringify(sim.info, null, 2)}\nrunning at ${sim.url} — Ctrl-C to stop\n`);
  if (kind === 'idp' || kind === 'sp')
    process.stdout.write(`trace: ${baseUrl ?? sim.url}${TRACE_PAGE_PATH}\n`);
  const stop = new AbortController();
  for (const url of trust) {
    if (!addPeer) break;
    trustPeerFromUrl(url, addPeer, {
      signal: stop.signal,
      log: (l) => process.stdout.write(`accord: ${l}\n`),
    }).then(
      (entityId) => process.stdout.write(`accord: trusts ${entityId} (from ${url})\n`),
      (e: Error) =>
        process.stderr.write(`accord: --trust ${url}: ${e.message.replace(/^--trust \S+: /, '')}\n`),
    );
  }
  await untilStopped();
  stop.abort();
  await sim.close();
  return 0;
}

function untilStopped(): Promise<void> {
  return new Promise<void>((res) => {
    process.once('SIGINT', res);
    process.once('SIGTERM', res);
  });
}

/** `accord sim pair`: the scenario's IdP and the reference SP, each trusting the other. */
async function simPair(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string' },
      'idp-port': { type: 'string', default: '0' },
      'sp-port': { type: 'string', default: '0' },
      'idp-base-url': { type: 'string' },
      'sp-base-url': { type: 'string' },
      org: { type: 'string' },
      state: { type: 'string' },
      port: { type: 'string', multiple: true },
    },
  });
  if (!values.scenario) throw new Error('accord sim pair needs --scenario FILE (e.g. scenarios/adfs.yaml)');
  const idpPort = parsePortFlag('--idp-port', values['idp-port']);
  const spPort = parsePortFlag('--sp-port', values['sp-port']);
  if (idpPort !== 0 && idpPort === spPort) throw new Error(`--idp-port and --sp-port are both ${idpPort}`);
  const url = (flag: 'idp-base-url' | 'sp-base-url') =>
    values[flag] === undefined ? undefined : checkBaseUrl(`--${flag}`, values[flag]);
  // Each simulator keeps its own state file in the folder, so the pair's trust outlives a restart.
  const stateDir = values.state === undefined || values.state === 'memory' ? undefined : values.state;
  if (values.state !== undefined && values.state.trim() === '')
    throw new Error('--state: expected a folder or "memory"');
  const scenario = loadSamlScenario(values.scenario);
  const ports = routingPorts(values.port ?? [], scenario, values.scenario, {
    '--idp-port': idpPort,
    '--sp-port': spPort,
  });
  if (stateDir) mkdirSync(stateDir, { recursive: true });
  const pair = await startPair({
    scenario,
    keystore: new Keystore(),
    idp: { port: idpPort, baseUrl: url('idp-base-url') },
    sp: { port: spPort, baseUrl: url('sp-base-url'), orgId: values.org },
    routingPorts: ports,
    state: (who) =>
      values.state === 'memory'
        ? 'memory'
        : stateDir
          ? { file: join(stateDir, `${who}.sqlite`) }
          : parseStateOption(undefined),
  });
  const { routing } = pair;
  const ownEntry = routing?.idps.find((i) => i.entry.kind === 'saml' && i.entry.scenario === undefined);
  process.stdout.write(
    [
      `IdP (${scenario.id}${ownEntry ? `, routing entry "${ownEntry.entry.name}"` : ''}): ${pair.idp.info.baseUrl}/  — test users, IdP-initiated sign-in, trace`,
      ...(routing ? routingSimulatorLines(routing) : []),
      `SP:  ${pair.sp.info.baseUrl}/  — sign in at ${pair.sp.info.loginUrl}`,
      `traces: ${[pair.idp.info.baseUrl, ...(routing ? routingTraceBases(routing) : []), pair.sp.info.baseUrl].map((b) => `${b}${TRACE_PAGE_PATH}`).join('  ')}`,
      ...(routing ? routingLines(routing, pair.sp.info.baseUrl) : []),
      `${routing ? 'each IdP and the SP trust each other' : 'each trusts the other'} (exchanged again at every start) — Ctrl-C to stop`,
      '',
    ].join('\n'),
  );
  await untilStopped();
  await pair.close();
  return 0;
}
