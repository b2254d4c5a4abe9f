import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDP_DEFECTS } from '../../simulators/idp/defects.ts';
import { SP_DEFECTS } from '../../simulators/sp/defects.ts';
import { checkStatuses, defectProfile, failedChecks, runAccord } from './run-accord.ts';

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
  'drop-relaystate': ['IDP-RELAYSTATE'],
  'no-idp-initiated': ['IDP-IDPI-01'],
  'two-assertions': ['IDP-ASSERT-UNIQUE'],
  'status-responder': ['IDP-RESP-STATUS'],
  'schema-invalid': ['IDP-RESP-XML'],
  'metadata-bad-signature': ['IDP-MD-01'],
};

const SCENARIO = ['--scenario', 'scenarios/entra.yaml'];

test('every seeded SP defect fails exactly its check; the clean SP fails none', () => {
  const clean = defectProfile('targets/reference-sp.yaml', 'sp-clean', []);
  const profiles = SP_DEFECTS.map((d) =>
    defectProfile('targets/reference-sp.yaml', `sp-${d.name}`, [d.name]),
  );
  const run = runAccord([
    '--no-report',
    ...SCENARIO,
    '--target',
    clean,
    ...profiles.flatMap((p) => ['--target', p]),
  ]);
  assert.deepEqual(failedChecks(run.report, 'sp-clean'), [], 'the clean reference SP must pass everything');
  for (const d of SP_DEFECTS) {
    assert.deepEqual(
      failedChecks(run.report, `sp-${d.name}`),
      [d.check],
      `defect ${d.name} must fail ${d.check} only`,
    );
  }
  for (const [id, statuses] of checkStatuses(run.report, 'sp-clean')) {
    assert.ok(!statuses.has('fail') && !statuses.has('warn'), `clean SP: ${id} is ${[...statuses]}`);
  }
});

test('every seeded IdP defect fails exactly its check; the clean IdP fails none', () => {
  const names = IDP_DEFECTS.map((d) => d.name);
  assert.deepEqual(
    [...names].sort(),
    Object.keys(IDP_EXPECT).sort(),
    'each IdP defect needs an expectation here',
  );
  const clean = defectProfile('targets/builtin-idp.yaml', 'idp-clean', []);
  const profiles = names.map((n) => defectProfile('targets/builtin-idp.yaml', `idp-${n}`, [n]));
  const run = runAccord([
    '--no-report',
    ...SCENARIO,
    '--target',
    clean,
    ...profiles.flatMap((p) => ['--target', p]),
  ]);
  assert.deepEqual(failedChecks(run.report, 'idp-clean'), [], 'the clean IdP simulator must pass everything');
  for (const n of names) {
    assert.deepEqual(failedChecks(run.report, `idp-${n}`), [...IDP_EXPECT[n]].sort(), `defect ${n}`);
  }
});
