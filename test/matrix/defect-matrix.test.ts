import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { type CheckId, checkDef, checkIds } from '../../lib/checks/catalog.ts';
import { expectedFailures, type SeededDefect } from '../../lib/checks/seeded-defect.ts';
import { IDP_DEFECTS } from '../../simulators/idp/defects.ts';
import { OP_DEFECTS } from '../../simulators/op/defects.ts';
import { RP_DEFECTS } from '../../simulators/rp/defects.ts';
import { SP_DEFECTS, type SpDefect } from '../../simulators/sp/defects.ts';
import { SP_OIDC_DEFECTS } from '../../simulators/sp/oidc/defects.ts';
import { defectProfile, failedChecks, type RunOutcome, runAccord } from '../selftest/run-accord.ts';

/**
 * The SAML scenario the SP and IdP defects run in (Entra ID: NameID the UPN, assertion signed); the
 * OIDC one is RP_SCENARIO. Each target meets only the scenario of its protocol.
 */
const SCENARIO = ['--scenario', 'scenarios/entra.yaml'];
/**
 * Several IdPs with routing rules: only the routing suite runs in it, so only the defects whose
 * checks are routing checks declare tests there; every other SP target meets it with none.
 */
const ROUTING_SCENARIO = ['--scenario', 'scenarios/multi-idp-routing.yaml'];

/**
 * The control of every defect's run: a genuine SP-initiated login, so that a defect target that
 * fails its checks is known to work otherwise.
 */
const SP_CONTROL: CheckId = 'SP-SSO-01';
/** The IdP-side control: the genuine SP-initiated login's Response carries a Success status. */
const IDP_CONTROL: CheckId = 'IDP-RESP-STATUS';
/** The RP-side control: a genuine code flow signs the scenario user in. */
const RP_CONTROL: CheckId = 'RP-SSO-01';
/**
 * The OIDC scenario the RP matrix runs against: the standards-only OP, whose userinfo alone carries
 * the scope claims in the code flow (OIDC Core 5.4), so that an RP that drops them shows it.
 */
const RP_SCENARIO = ['--scenario', 'scenarios/generic-oidc.yaml'];
/** The OP-side control: a genuine code flow gives a code and tokens. The OP defects run in RP_SCENARIO. */
const OP_CONTROL: CheckId = 'OP-CODE-01';

/**
 * Whether the project's preflight serves as the defect's control. Every test outside the metadata
 * flow first establishes, once per project, that a genuine login works (suites/preflight); when it
 * does not, the project's checks are inconclusive, which the matrix reads as a mismatch unless the
 * defect declares them unjudgeable. A separate control login would only repeat that work. A defect
 * judged on the target's descriptor alone runs no preflight, so it keeps the control test.
 */
function preflightIsControl(d: SeededDefect): boolean {
  return expectedFailures(d).some((id) => checkDef(id).flow !== 'metadata');
}

/**
 * `--check` arguments that run, for one target, only the tests that can show what a defect
 * fails, plus the control where the preflight is not it: each defect costs a few tests instead of
 * every suite.
 */
function select(target: string, d: SeededDefect, control: CheckId): string[] {
  const ids = preflightIsControl(d) ? expectedFailures(d) : [...expectedFailures(d), control];
  return [...new Set(ids)].flatMap((id) => ['--check', `${target}=${id}`]);
}

/** A reference-SP profile with defects, declaring what a defect needs (e.g. no IdP-initiated SSO). */
function spProfile(name: string, defects: string[], needs?: SpDefect['profile']): string {
  const file = defectProfile('targets/reference-sp.yaml', name, defects);
  const doc = parse(readFileSync(file, 'utf8'));
  if (needs) {
    doc.builtin = { ...doc.builtin, options: { ...doc.builtin?.options, allowIdpInitiated: false } };
    doc.capabilities = { ...doc.capabilities, idpInitiated: needs.idpInitiated };
  }
  // The routing scenario's OP knows a client by its id: each SP of the run registers its own there.
  doc.routing.oidc.client.id = `accord-${name}`;
  writeFileSync(file, stringify(doc));
  return file;
}

/**
 * A built-in IdP profile with defects, declaring the NameID the scenario sends (Entra ID: the UPN,
 * which is the first user's email too), so that IDP-NAMEID-PROFILE is judged.
 */
function idpProfile(name: string, defects: string[]): string {
  const file = defectProfile('targets/builtin-idp.yaml', name, defects);
  const doc = parse(readFileSync(file, 'utf8'));
  doc.nameId = { format: 'emailAddress', from: 'email' };
  writeFileSync(file, stringify(doc));
  return file;
}

/**
 * The reference SP as an RP target with defects (issue 16: it is the clean RP of the matrix; its
 * OIDC sign-in is the reference RP's code and takes every RP defect). Every RP of the run registers
 * at the same OP simulator, which knows a client by its id: each gets its own.
 */
function spOidcProfile(name: string, defects: string[]): string {
  const file = defectProfile('targets/reference-sp-oidc.yaml', name, defects);
  const doc = parse(readFileSync(file, 'utf8'));
  doc.oidc.client.id = `accord-${name}`;
  writeFileSync(file, stringify(doc));
  return file;
}

function passed(report: RunOutcome['report'], target: string, id: CheckId): boolean {
  return report.targets.some(
    (t) => t.target === target && t.checks.some((c) => c.id === id && c.status === 'pass'),
  );
}

/** Checks that failed (MUST) or warned (SHOULD) for a target: a SHOULD check fails as a warning. */
function flagged(report: RunOutcome['report'], target: string): string[] {
  const ids = new Set<string>();
  for (const t of report.targets) {
    if (t.target !== target) continue;
    for (const c of t.checks)
      if (c.status === 'fail' || c.status === 'warn' || c.status === 'inconclusive') ids.add(c.id);
  }
  return [...ids].sort();
}

/** Every defect target of every role, and the profile variants below, in one run. */
let run: RunOutcome;

/**
 * One `accord run` for the whole matrix: a run's start (suites loaded, simulators up) is paid once,
 * and both workers stay busy to the end instead of idling at the tail of each role's run. The clean
 * built-in targets are not repeated here: the default run holds each to every check in every
 * scenario, this one included (test/selftest/default-run.test.ts). What a profile variant changes
 * is run here for that variant: an SP that declares no IdP-initiated SSO, an IdP that declares its
 * NameID, the two JIT group policies.
 */
before(() => {
  const noIdpi = checkIds((c) => c.appliesIf === 'noIdpInitiated');
  const nameIdChecks = checkIds((c) => c.appliesIf === 'nameIdProfile');
  const declareReplace = (name: string, defects: string[]) => {
    const file = defectProfile('targets/reference-sp.yaml', name, defects);
    const doc = parse(readFileSync(file, 'utf8'));
    doc.jit = { ...doc.jit, groups: 'replace' };
    doc.routing.oidc.client.id = `accord-${name}`;
    writeFileSync(file, stringify(doc));
    return file;
  };
  const only = (target: string, ids: CheckId[]) => ids.flatMap((id) => ['--check', `${target}=${id}`]);
  const targets = [
    spProfile('sp-clean-no-idpi', [], { idpInitiated: false }),
    idpProfile('idp-clean-nameid', []),
    declareReplace('sp-replacing', ['groups-replaced']),
    declareReplace('sp-adding', []),
    ...SP_DEFECTS.map((d) => spProfile(`sp-${d.name}`, [d.name], d.profile)),
    ...IDP_DEFECTS.map((d) => idpProfile(`idp-${d.name}`, [d.name])),
    ...RP_DEFECTS.map((d) => spOidcProfile(`rp-${d.name}`, [d.name])),
    ...SP_OIDC_DEFECTS.map((d) => spOidcProfile(`sp-oidc-${d.name}`, [d.name])),
    ...OP_DEFECTS.map((d) => defectProfile('targets/builtin-op.yaml', `op-${d.name}`, [d.name])),
  ];
  run = runAccord([
    '--no-report',
    // Most of these tests fail by design: each would otherwise cost a new worker and browser.
    '--expect-failures',
    ...SCENARIO,
    ...ROUTING_SCENARIO,
    ...RP_SCENARIO,
    ...targets.flatMap((t) => ['--target', t]),
    ...only('sp-clean-no-idpi', [...noIdpi, SP_CONTROL]),
    ...only('idp-clean-nameid', [...nameIdChecks, IDP_CONTROL]),
    ...only('sp-replacing', ['SP-JIT-03']),
    ...only('sp-adding', ['SP-JIT-03']),
    ...SP_DEFECTS.flatMap((d) => select(`sp-${d.name}`, d, SP_CONTROL)),
    ...IDP_DEFECTS.flatMap((d) => select(`idp-${d.name}`, d, IDP_CONTROL)),
    ...RP_DEFECTS.flatMap((d) => select(`rp-${d.name}`, d, RP_CONTROL)),
    ...SP_OIDC_DEFECTS.flatMap((d) => select(`sp-oidc-${d.name}`, d, RP_CONTROL)),
    ...OP_DEFECTS.flatMap((d) => select(`op-${d.name}`, d, OP_CONTROL)),
  ]);
});

/** Defects that did not fail exactly their checks, each with what it failed and what it should have. */
function mismatches(prefix: string, defects: readonly SeededDefect[], got: (target: string) => string[]) {
  return defects
    .map((d) => ({ d, got: got(`${prefix}-${d.name}`), want: expectedFailures(d) }))
    .filter(({ got, want }) => JSON.stringify(got) !== JSON.stringify(want))
    .map(
      ({ d, got, want }) =>
        `${d.name}: flagged ${JSON.stringify(got)}, expected ${JSON.stringify(want)}${d.alsoFails ? ` (with ${d.check}, because ${d.alsoFails.why})` : ''}${missed(`${prefix}-${d.name}`, want, got)}`,
    );
}

/** What the run said of each expected check it did not flag: a mismatch in CI is read from its log alone. */
function missed(target: string, want: readonly string[], got: readonly string[]): string {
  const said = want
    .filter((id) => !got.includes(id))
    .flatMap((id) =>
      run.report.targets
        .filter((t) => t.target === target)
        .flatMap((t) => t.checks.filter((c) => c.id === id))
        .map((c) => `${id} ${c.status}: ${c.detail}`),
    );
  return said.length ? `; ${said.join('; ')}` : '';
}

/**
 * Defect targets not known to work otherwise, so that their failures would say nothing of the
 * defect: the control test did not pass, or (where the preflight is the control) a check the
 * defect does not declare unjudgeable could not be tested.
 */
function withoutControl(prefix: string, defects: readonly SeededDefect[], control: CheckId): string[] {
  return defects
    .filter((d) => {
      const target = `${prefix}-${d.name}`;
      if (!preflightIsControl(d))
        return !expectedFailures(d).includes(control) && !passed(run.report, target, control);
      const unjudgeable = new Set<string>(d.alsoFails?.as === 'unjudgeable' ? d.alsoFails.checks : []);
      return inconclusive(run.report, target).some((id) => !unjudgeable.has(id));
    })
    .map((d) => d.name);
}

function inconclusive(report: RunOutcome['report'], target: string): string[] {
  return report.targets
    .filter((t) => t.target === target)
    .flatMap((t) => t.checks.filter((c) => c.status === 'inconclusive').map((c) => c.id));
}

/**
 * The verdict of one role's block: every defect flagged exactly its checks (`got` reads what a
 * target was flagged for), and each is known to work otherwise. Every mismatch at once: one matrix
 * run takes long enough that stopping at the first wastes the rest.
 */
function assertEachFailsExactly(
  what: string,
  prefix: string,
  defects: readonly SeededDefect[],
  control: CheckId,
  got: (target: string) => string[] = (t) => flagged(run.report, t),
): void {
  assert.deepEqual(mismatches(prefix, defects, got), [], `${what} that did not fail exactly their checks`);
  assert.deepEqual(
    withoutControl(prefix, defects, control),
    [],
    `not known to work otherwise: control ${control} did not pass, or the preflight left checks inconclusive`,
  );
}

test('the matrix run itself did not break', () => {
  assert.deepEqual(run.report.errors, []);
});

test('every seeded SP defect fails exactly its checks, its control passing', () => {
  assertEachFailsExactly('SP defects', 'sp', SP_DEFECTS, SP_CONTROL);
});

test('the reference SP that declares no IdP-initiated SSO passes what that declaration changes', () => {
  assert.deepEqual(flagged(run.report, 'sp-clean-no-idpi'), []);
  assert.ok(passed(run.report, 'sp-clean-no-idpi', SP_CONTROL), `control ${SP_CONTROL} did not pass`);
  for (const id of checkIds((c) => c.appliesIf === 'noIdpInitiated'))
    assert.ok(passed(run.report, 'sp-clean-no-idpi', id), `${id} was not judged a pass`);
});

test('every seeded IdP defect fails exactly its check, its control passing', () => {
  assertEachFailsExactly('IdP defects', 'idp', IDP_DEFECTS, IDP_CONTROL, (t) => failedChecks(run.report, t));
});

test('the IdP simulator that declares its NameID passes the NameID profile check', () => {
  assert.deepEqual(failedChecks(run.report, 'idp-clean-nameid'), []);
  for (const id of checkIds((c) => c.appliesIf === 'nameIdProfile'))
    assert.ok(passed(run.report, 'idp-clean-nameid', id), `${id} was not judged a pass`);
});

test('every seeded RP defect fails exactly its checks on the reference SP signing in with OIDC, its control passing', () => {
  assertEachFailsExactly('RP defects', 'rp', RP_DEFECTS, RP_CONTROL);
});

test('every seeded JIT defect of the reference SP fails exactly its RP checks when it signs in with OIDC', () => {
  assertEachFailsExactly('SP defects over OIDC', 'sp-oidc', SP_OIDC_DEFECTS, RP_CONTROL);
});

test('every seeded OP defect fails exactly its checks, its control passing', () => {
  assertEachFailsExactly('OP defects', 'op', OP_DEFECTS, OP_CONTROL);
});

/**
 * SP-JIT-03 holds a target to the group policy its profile declares. Declared `replace`, the
 * replacing SP must pass it and the adding (clean) one fail: the same check, read the other way.
 */
test('SP-JIT-03 follows the declared group policy: replace passes a replacing SP and fails an adding one', () => {
  assert.deepEqual(flagged(run.report, 'sp-replacing'), []);
  assert.ok(passed(run.report, 'sp-replacing', 'SP-JIT-03'));
  assert.deepEqual(flagged(run.report, 'sp-adding'), ['SP-JIT-03']);
});
