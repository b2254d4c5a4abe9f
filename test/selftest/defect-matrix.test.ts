import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { CHECKS } from '../../lib/checks/catalog.ts';
import { IDP_DEFECTS } from '../../simulators/idp/defects.ts';
import { SP_DEFECTS, type SpDefect } from '../../simulators/sp/defects.ts';
import { defectProfile, failedChecks, type RunOutcome, runAccord } from './run-accord.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Which check each IdP defect must fail. Checks that cannot be judged once the defect is in
 * place (nothing signed means no claim can be trusted) are listed as the collateral they are.
 */
const IDP_EXPECT: Record<string, string[]> = {
  unsigned: ['IDP-RESP-SIGNED'],
  sha1: ['IDP-RESP-ALG'],
  'wrong-issuer': ['IDP-RESP-ISSUER'],
  'wrong-destination': ['IDP-RESP-DESTINATION'],
  'wrong-recipient': ['IDP-SUBJ-BEARER'],
  'wrong-audience': ['IDP-COND-AUDIENCE'],
  expired: ['IDP-COND-TIME'],
  'no-inresponseto': ['IDP-RESP-INRESPONSETO'],
  'missing-uid': ['IDP-ATTR-UID'],
  'uid-case': ['IDP-ATTR-UID'],
  'nameid-format-x509': ['IDP-NAMEID-FORMAT'],
  'nameid-format-unspecified': ['IDP-NAMEID-PROFILE'],
  'drop-relaystate': ['IDP-RELAYSTATE'],
  'no-idp-initiated': ['IDP-IDPI-01'],
  'two-assertions': ['IDP-ASSERT-UNIQUE'],
  'status-responder': ['IDP-RESP-STATUS'],
  'schema-invalid': ['IDP-RESP-XML'],
  'metadata-bad-signature': ['IDP-MD-01'],
  'slo-response-unsigned': ['IDP-SLO-01'],
  'slo-keeps-session': ['IDP-SLO-02'],
};

const SCENARIO = ['--scenario', 'scenarios/entra.yaml'];

/** Checks no seeded defect can fail yet, and why. */
const NOT_YET_PROVABLE: Record<string, string> = {};

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
  // One profile per SP defect, each running every suite: on two cores that outlasts runAccord's default.
  const run = runAccord(
    [
      '--no-report',
      ...SCENARIO,
      ...cleans.flatMap(([, p]) => ['--target', p]),
      ...profiles.flatMap((p) => ['--target', p]),
    ],
    45 * 60_000,
  );
  assert.deepEqual(run.report.errors, [], 'the run itself must not break');
  for (const [name] of cleans) {
    assert.deepEqual(flagged(run.report, name), [], `${name}: the clean reference SP must pass everything`);
  }
  const detected = new Set<string>();
  // Every mismatch at once: one matrix run takes long enough that stopping at the first wastes the rest.
  const wrong: string[] = [];
  for (const d of SP_DEFECTS) {
    const also = d.alsoFails?.checks ?? [];
    detected.add(d.check);
    if (d.alsoFails?.as === 'same-weakness') for (const id of also) detected.add(id);
    const got = flagged(run.report, `sp-${d.name}`);
    const want = [...new Set([d.check, ...also])].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      wrong.push(
        `${d.name}: failed ${JSON.stringify(got)}, expected ${d.check}${also.length ? ` and, because ${d.alsoFails!.why}, ${also.join(', ')}` : ''}`,
      );
    }
  }
  assert.deepEqual(wrong, [], 'SP defects that did not fail exactly their checks');
  for (const def of CHECKS.values()) {
    if (def.role !== 'sp' || detected.has(def.id)) continue;
    assert.ok(NOT_YET_PROVABLE[def.id], `${def.id} has no seeded defect that lets its attack through`);
  }
});

test('every seeded IdP defect fails exactly its check; the clean IdP fails none', () => {
  const names = IDP_DEFECTS.map((d) => d.name);
  assert.deepEqual(
    [...names].sort(),
    Object.keys(IDP_EXPECT).sort(),
    'each IdP defect needs an expectation here',
  );
  const clean = idpProfile('idp-clean', []);
  const profiles = names.map((n) => idpProfile(`idp-${n}`, [n]));
  const run = runAccord([
    '--no-report',
    ...SCENARIO,
    '--target',
    clean,
    ...profiles.flatMap((p) => ['--target', p]),
  ]);
  assert.deepEqual(failedChecks(run.report, 'idp-clean'), [], 'the clean IdP simulator must pass everything');
  const wrong = names
    .map((n) => ({ n, got: failedChecks(run.report, `idp-${n}`), want: [...IDP_EXPECT[n]].sort() }))
    .filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want))
    .map((r) => `${r.n}: failed ${JSON.stringify(r.got)}, expected ${JSON.stringify(r.want)}`);
  assert.deepEqual(wrong, [], 'IdP defects that did not fail exactly their check');
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
