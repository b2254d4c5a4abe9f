import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS } from '../../lib/checks/catalog.ts';
import { checkStatuses, runAccord } from './run-accord.ts';

/**
 * Checks the built-in pair cannot exercise, with why: anything else must pass. The matrix proves
 * these elsewhere (a profile that disables IdP-initiated SSO), or they are open work.
 */
const NOT_APPLICABLE: Record<string, string> = {
  'SP-SEC-UNSOLICITED-DISABLED': 'the reference SP declares IdP-initiated SSO',
  'IDP-NAMEID-PROFILE':
    'the built-in IdP plays three scenarios, each with its own NameID, so its profile declares none',
};

test('the default run passes every MUST check for the built-in pair, in both roles', () => {
  const run = runAccord([]);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.report.errors, []);
  assert.equal(run.report.summary.mustFailed, 0);
  for (const [target, role] of [
    ['reference-sp', 'sp'],
    ['builtin-idp', 'idp'],
  ] as const) {
    const seen = checkStatuses(run.report, target);
    for (const def of CHECKS.values()) {
      if (def.role !== role) continue;
      const statuses = seen.get(def.id);
      assert.ok(statuses, `${target}: check ${def.id} was never evaluated`);
      const expected = NOT_APPLICABLE[def.id] ? ['skip'] : ['pass'];
      assert.deepEqual([...statuses], expected, `${target}: ${def.id} is ${[...statuses].join('/')}`);
    }
  }
});
