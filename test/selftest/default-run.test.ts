import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS } from '../../lib/checks/catalog.ts';
import { declares, loadTargetProfile } from '../../lib/target/index.ts';
import { conformanceProblems } from '../../reports/validate-conformance.ts';
import { checkStatuses, runAccord } from './run-accord.ts';

/**
 * Every check of a role must pass for its built-in target, but those whose `appliesIf` its profile
 * does not declare: those are skipped with the reason. The matrix proves them elsewhere (a
 * profile that disables IdP-initiated SSO, one that declares a NameID).
 */
test('the default run passes every check for the built-in targets of every role', () => {
  const run = runAccord([]);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.report.errors, []);
  assert.deepEqual(
    conformanceProblems(run.report),
    [],
    'conformance.json against reports/conformance.schema.json',
  );
  assert.equal(run.report.summary.mustFailed, 0);
  for (const [target, role, file] of [
    ['reference-sp', 'sp', 'targets/reference-sp.yaml'],
    ['builtin-idp', 'idp', 'targets/builtin-idp.yaml'],
    ['reference-sp-oidc', 'rp', 'targets/reference-sp-oidc.yaml'],
    ['builtin-op', 'op', 'targets/builtin-op.yaml'],
  ] as const) {
    const seen = checkStatuses(run.report, target);
    const profile = loadTargetProfile(file);
    for (const def of CHECKS.values()) {
      if (def.role !== role) continue;
      const statuses = seen.get(def.id);
      assert.ok(statuses, `${target}: check ${def.id} was never evaluated`);
      const expected = declares(profile, def.appliesIf) ? ['pass'] : ['skip'];
      assert.deepEqual([...statuses], expected, `${target}: ${def.id} is ${[...statuses].join('/')}`);
    }
  }
});
