import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { type CheckId, checkIds } from '../../lib/checks/catalog.ts';
import { expectedFailures, type SeededDefect } from '../../lib/checks/seeded-defect.ts';
import { IDP_DEFECTS } from '../../simulators/idp/defects.ts';
import { RP_DEFECTS } from '../../simulators/rp/defects.ts';
import { SP_DEFECTS, type SpDefect } from '../../simulators/sp/defects.ts';
import { defectProfile, failedChecks, type RunOutcome, runAccord } from './run-accord.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const SCENARIO = ['--scenario', 'scenarios/entra.yaml'];

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

/**
 * `--check` arguments that run, for one target, only the tests that can show what a defect
 * fails, plus the control: each defect costs a few tests instead of every suite.
 */
function select(target: string, d: SeededDefect, control: CheckId): string[] {
  return [...new Set([...expectedFailures(d), control])].flatMap((id) => ['--check', `${target}=${id}`]);
}

/** A reference-SP profile with defects, declaring what a defect needs (e.g. no IdP-initiated SSO). */
function spProfile(name: string, defects: string[], needs?: SpDefect['profile']): string {
  if (!needs) return defectProfile('targets/reference-sp.yaml', name, defects);
  const doc = parse(readFileSync(join(ROOT, 'targets/reference-sp.yaml'), 'utf8'));
  doc.name = name;
  doc.builtin = { ...doc.builtin, defects, options: { ...doc.builtin?.options, allowIdpInitiated: false } };
  doc.capabilities = { ...doc.capabilities, idpInitiated: needs.idpInitiated };
  const file = join(mkdtempSync(join(tmpdir(), 'accord-profile-')), `${name}.yaml`);
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
 * A reference-RP profile with defects. Every RP of the run registers at the same OP simulator,
 * which knows a client by its id: each gets its own.
 */
function rpProfile(name: string, defects: string[]): string {
  const file = defectProfile('targets/reference-rp.yaml', name, defects);
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
    for (const c of t.checks) if (c.status === 'fail' || c.status === 'warn') ids.add(c.id);
  }
  return [...ids].sort();
}

test('every seeded SP defect fails exactly its checks; the clean SP fails none', () => {
  const cleans = [
    ['sp-clean', spProfile('sp-clean', [])],
    ['sp-clean-no-idpi', spProfile('sp-clean-no-idpi', [], { idpInitiated: false })],
  ] as const;
  const profiles = SP_DEFECTS.map((d) => spProfile(`sp-${d.name}`, [d.name], d.profile));
  // The clean SP runs every suite; the one that declares no IdP-initiated SSO runs what that changes.
  const noIdpi = checkIds((c) => c.appliesIf === 'noIdpInitiated');
  const run = runAccord([
    '--no-report',
    ...SCENARIO,
    ...cleans.flatMap(([, p]) => ['--target', p]),
    ...[...noIdpi, SP_CONTROL].flatMap((id) => ['--check', `sp-clean-no-idpi=${id}`]),
    ...profiles.flatMap((p) => ['--target', p]),
    ...SP_DEFECTS.flatMap((d) => select(`sp-${d.name}`, d, SP_CONTROL)),
  ]);
  assert.deepEqual(run.report.errors, [], 'the run itself must not break');
  for (const [name] of cleans) {
    assert.deepEqual(flagged(run.report, name), [], `${name}: the clean reference SP must pass everything`);
  }
  // Every mismatch at once: one matrix run takes long enough that stopping at the first wastes the rest.
  const wrong: string[] = [];
  for (const d of SP_DEFECTS) {
    const also = d.alsoFails?.checks ?? [];
    const got = flagged(run.report, `sp-${d.name}`);
    const want = expectedFailures(d);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      wrong.push(
        `${d.name}: failed ${JSON.stringify(got)}, expected ${d.check}${also.length ? ` and, because ${d.alsoFails!.why}, ${also.join(', ')}` : ''}`,
      );
    }
  }
  assert.deepEqual(wrong, [], 'SP defects that did not fail exactly their checks');
  // A defect's control must have passed: else its failures say nothing of the defect.
  const noControl = SP_DEFECTS.filter(
    (d) => !expectedFailures(d).includes(SP_CONTROL) && !passed(run.report, `sp-${d.name}`, SP_CONTROL),
  ).map((d) => d.name);
  assert.deepEqual(noControl, [], `defect targets whose control (${SP_CONTROL}) did not pass`);
});

test('every seeded IdP defect fails exactly its check; the clean IdP fails none', () => {
  const clean = idpProfile('idp-clean', []);
  const profiles = IDP_DEFECTS.map((d) => idpProfile(`idp-${d.name}`, [d.name]));
  const run = runAccord([
    '--no-report',
    ...SCENARIO,
    '--target',
    clean,
    ...profiles.flatMap((p) => ['--target', p]),
    ...IDP_DEFECTS.flatMap((d) => select(`idp-${d.name}`, d, IDP_CONTROL)),
  ]);
  assert.deepEqual(failedChecks(run.report, 'idp-clean'), [], 'the clean IdP simulator must pass everything');
  const wrong = IDP_DEFECTS.map((d) => ({
    n: d.name,
    got: failedChecks(run.report, `idp-${d.name}`),
    want: expectedFailures(d),
  }))
    .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want))
    .map((r) => `${r.n}: failed ${JSON.stringify(r.got)}, expected ${JSON.stringify(r.want)}`);
  assert.deepEqual(wrong, [], 'IdP defects that did not fail exactly their check');
  const noControl = IDP_DEFECTS.filter(
    (d) => !expectedFailures(d).includes(IDP_CONTROL) && !passed(run.report, `idp-${d.name}`, IDP_CONTROL),
  ).map((d) => d.name);
  assert.deepEqual(noControl, [], `defect targets whose control (${IDP_CONTROL}) did not pass`);
});

test('every seeded RP defect fails exactly its checks; the clean RP fails none', () => {
  const clean = rpProfile('rp-clean', []);
  const profiles = RP_DEFECTS.map((d) => rpProfile(`rp-${d.name}`, [d.name]));
  const run = runAccord([
    '--no-report',
    ...RP_SCENARIO,
    '--target',
    clean,
    ...profiles.flatMap((p) => ['--target', p]),
    ...RP_DEFECTS.flatMap((d) => select(`rp-${d.name}`, d, RP_CONTROL)),
  ]);
  assert.deepEqual(run.report.errors, [], 'the run itself must not break');
  assert.deepEqual(flagged(run.report, 'rp-clean'), [], 'the clean reference RP must pass everything');
  const wrong = RP_DEFECTS.map((d: SeededDefect) => ({ d, got: flagged(run.report, `rp-${d.name}`) }))
    .filter(({ d, got }) => JSON.stringify(got) !== JSON.stringify(expectedFailures(d)))
    .map(
      ({ d, got }) =>
        `${d.name}: flagged ${JSON.stringify(got)}, expected ${JSON.stringify(expectedFailures(d))}`,
    );
  assert.deepEqual(wrong, [], 'RP defects that did not fail exactly their checks');
  const noControl = RP_DEFECTS.filter(
    (d: SeededDefect) =>
      !expectedFailures(d).includes(RP_CONTROL) && !passed(run.report, `rp-${d.name}`, RP_CONTROL),
  ).map((d) => d.name);
  assert.deepEqual(noControl, [], `defect targets whose control (${RP_CONTROL}) did not pass`);
});

/**
 * SP-JIT-03 holds a target to the group policy its profile declares. Declared `replace`, the
 * replacing SP must pass it and the adding (clean) one fail: the same check, read the other way.
 */
test('SP-JIT-03 follows the declared group policy: replace passes a replacing SP and fails an adding one', () => {
  const declareReplace = (name: string, defects: string[]) => {
    const file = defectProfile('targets/reference-sp.yaml', name, defects);
    const doc = parse(readFileSync(file, 'utf8'));
    doc.jit = { ...doc.jit, groups: 'replace' };
    writeFileSync(file, stringify(doc));
    return file;
  };
  const run = runAccord([
    '--no-report',
    ...SCENARIO,
    '--flow',
    'jit',
    '--target',
    declareReplace('sp-replacing', ['groups-replaced']),
    '--target',
    declareReplace('sp-adding', []),
  ]);
  assert.deepEqual(run.report.errors, [], 'the run itself must not break');
  assert.deepEqual(flagged(run.report, 'sp-replacing'), []);
  assert.deepEqual(flagged(run.report, 'sp-adding'), ['SP-JIT-03']);
});
