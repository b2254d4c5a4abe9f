import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { type PeerKind, peerKind, type RunningPeer } from '../../interop/peers.ts';
import { writeRunProfile } from '../../interop/shared/run-profile.ts';
import { type CheckId, checkDef } from '../../lib/checks/catalog.ts';
import type { CheckResult, CheckStatus } from '../../lib/checks/types.ts';
import type { Protocol } from '../../lib/protocol/roles.ts';
import { loadScenario } from '../../lib/scenario/index.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import type { ConformanceReport } from '../../reports/conformance-model.ts';
import { runKeystore } from '../selftest/run-keystore.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** The scenarios an interop run plays: each scenario shipped in scenarios/ of the peer's protocol. */
export function scenariosOf(protocol: Protocol): string[] {
  const dir = join(ROOT, 'scenarios');
  return (
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(dir, f))
      .map((f) => ({ f, s: loadScenario(f) }))
      // Several IdPs with routing rules meet only SP targets that declare routing; no peer does.
      .filter(({ s }) => s.protocol === protocol && !(s.protocol === 'saml2' && s.routing))
      .map(({ f }) => f)
  );
}

/** Set to `all`, every interop test plays every shipped scenario of its peer's protocol. */
export const ALL_SCENARIOS_ENV = 'ACCORD_INTEROP_SCENARIOS';

/**
 * The scenarios an interop test plays: those it names, or every scenario of the protocol when
 * ACCORD_INTEROP_SCENARIOS=all. A run per scenario costs a peer about 40 s; in `npm test` each peer
 * meets the scenario that matters most to it, and the peers between them meet every scenario.
 */
export function interopScenarios(protocol: Protocol, ids: string[]): { ids: string[]; files: string[] } {
  const files =
    process.env[ALL_SCENARIOS_ENV] === 'all'
      ? scenariosOf(protocol)
      : ids.map((id) => join(ROOT, 'scenarios', `${id}.yaml`));
  return { ids: files.map((f) => loadScenario(f).id), files };
}

export interface InteropRun {
  peer: RunningPeer;
  code: number;
  output: string;
  report: ConformanceReport;
  profile: ReturnType<typeof loadTargetProfile>;
  /** Every recorded status of each check id, over all scenarios and tests. */
  statuses: Map<string, CheckStatus[]>;
  /** The flows the run was restricted to; undefined: every flow. */
  flows?: string[];
  results: CheckResult[];
}

function runAccord(args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  const keys = runKeystore();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/accord.js'), 'run', ...args], {
      cwd: ROOT,
      env: { ...process.env, ACCORD_QUIET: '1', ACCORD_KEYSTORE: keys.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d);
    });
    child.stderr.on('data', (d) => {
      output += String(d);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      keys.dispose();
      resolvePromise({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** The tail of the peer's own logs, so a failure message shows what the peer said. */
function peerLogs(peer: RunningPeer): string {
  const files = ['error.log', 'simplesamlphp.log', 'shibd.log'].map((f) => join(peer.dir, 'logs', f));
  return files
    .filter((f) => existsSync(f))
    .map((f) => {
      const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
      return `--- ${f} (last 40 of ${lines.length} lines)\n${lines.slice(-40).join('\n')}`;
    })
    .join('\n');
}

/**
 * Another shipped profile of the same peer (e.g. targets/mellon-post.yaml), the flows to run, and
 * the scenario files to play (default: every scenario of the peer's protocol).
 */
export interface InteropOptions {
  profile?: string;
  flows?: string[];
  scenarios?: string[];
}

/**
 * Declares a test that needs a peer's Debian packages. Without them the test is skipped with a
 * message naming them, except under CI, where it fails: CI must really run against the peer.
 */
export function peerTest(peerName: string, title: string, body: (kind: PeerKind) => Promise<void>): void {
  const kind: PeerKind = peerKind(peerName);
  const missing = kind.missing();
  if (missing.length > 0) {
    const message = `${kind.title} not installed (apt-get install -y --no-install-recommends ${missing.join(' ')})`;
    if (process.env.CI) {
      test(title, () => assert.fail(`CI must run the interop tests, but ${message}`));
    } else {
      test(title, { skip: message }, () => {});
    }
    return;
  }
  test(title, { timeout: 20 * 60_000 }, () => body(kind));
}

/**
 * Declares the interop test of one peer: an accord run against it, judged by `check` (skipped or
 * failed without the peer's packages, as peerTest says).
 */
export function interopTest(
  peerName: string,
  title: string,
  check: (run: InteropRun) => void,
  opts: InteropOptions = {},
): void {
  peerTest(peerName, title, async (kind) => {
    const peer = await kind.start({ lifetimeSeconds: 30 * 60, keepDir: true });
    const work = mkdtempSync(join(tmpdir(), `accord-interop-run-${peerName}-`));
    let passed = false;
    try {
      const profileFile = writeRunProfile(join(ROOT, opts.profile ?? kind.profile), peer.baseUrl, work);
      const out = join(work, 'out');
      const scenarioArgs = (opts.scenarios ?? scenariosOf(kind.protocol)).flatMap((s) => ['--scenario', s]);
      const flowArgs = (opts.flows ?? []).flatMap((f) => ['--flow', f]);
      const { code, output } = await runAccord(
        ['--target', profileFile, ...scenarioArgs, ...flowArgs, '--out', out, '--no-report'],
        18 * 60_000,
      );
      const reportFile = join(out, 'conformance.json');
      assert.ok(
        existsSync(reportFile),
        `accord run wrote no conformance.json (exit ${code}):\n${output}\n${peerLogs(peer)}`,
      );
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
      const results = report.targets.flatMap((t) => t.checks);
      const statuses = new Map<string, CheckStatus[]>();
      for (const r of results) statuses.set(r.id, [...(statuses.get(r.id) ?? []), r.status]);
      const run: InteropRun = {
        peer,
        code,
        output,
        report,
        profile: loadTargetProfile(profileFile),
        statuses,
        results,
        flows: opts.flows,
      };
      try {
        check(run);
      } catch (e) {
        (e as Error).message += `\n\naccord run output:\n${output.slice(-6000)}\n${peerLogs(peer)}`;
        throw e;
      }
      passed = true;
    } finally {
      await peer.stop();
      // Kept for reading when the test failed.
      if (passed) {
        rmSync(peer.dir, { recursive: true, force: true });
        rmSync(work, { recursive: true, force: true });
      }
    }
  });
}

/** The verdict rules every peer run must meet. */
export function assertCleanRun(
  run: InteropRun,
  expected: { scenarios: string[]; mustPass: CheckId[] },
): void {
  const { report, profile } = run;
  assert.deepEqual(report.errors, [], 'the run had errors (tests that recorded no check, or setup failures)');
  const failed = run.results.filter((r) => r.status === 'fail');
  assert.deepEqual(
    failed.map((r) => `${r.scenario} ${r.id}: ${r.detail}`),
    [],
    'MUST checks failed that the profile does not declare as known findings',
  );
  const untested = run.results.filter((r) => r.status === 'inconclusive');
  assert.deepEqual(
    untested.map((r) => `${r.scenario} ${r.id}: ${r.detail}`),
    [],
    'checks could not be tested (inconclusive): the exchange with the peer, or a sign-in a check needs, broke',
  );
  assert.equal(run.code, 0, 'accord run exits non-zero although no MUST check failed');

  const played = new Set(report.targets.map((t) => t.scenario));
  for (const s of expected.scenarios)
    assert.ok(played.has(s), `scenario ${s} was not played (played: ${[...played].join(', ')})`);

  const known = new Set((profile.knownFindings ?? []).map((k) => k.check));
  for (const id of expected.mustPass) {
    // A declared known finding is the examined exception to "must pass"; it is held to reproducing below.
    if (known.has(id)) continue;
    const seen = run.statuses.get(id) ?? [];
    assert.ok(seen.includes('pass'), `${id} never passed (${seen.join(', ') || 'never evaluated'})`);
    assert.ok(
      !seen.includes('warn'),
      `${id} warned: ${run.results.find((r) => r.id === id && r.status === 'warn')?.detail}`,
    );
  }
  // A known finding that no longer shows is stale: the peer changed, and the profile must say so.
  // A run restricted to some flows can only speak for the findings of those flows.
  const intermittent = new Set(
    (profile.knownFindings ?? []).filter((k) => k.intermittent).map((k) => k.check),
  );
  for (const id of known) {
    if (run.flows && !run.flows.includes(checkDef(id).flow)) continue;
    const seen = run.statuses.get(id) ?? [];
    // An intermittent finding (a verdict on time) may pass on a fast run; it must still never fail.
    const reproduced = intermittent.has(id)
      ? seen.length > 0 && seen.every((s) => s === 'warn' || s === 'pass')
      : seen.length > 0 && seen.every((s) => s === 'warn');
    assert.ok(
      reproduced,
      `known finding ${id} did not reproduce (${seen.join(', ') || 'never evaluated'}): update ${profile.name}'s knownFindings`,
    );
    for (const r of run.results.filter((x) => x.id === id && x.status === 'warn'))
      assert.match(r.detail, /^known finding/);
  }
}
