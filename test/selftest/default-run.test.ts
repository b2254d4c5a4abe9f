import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS } from '../../lib/checks/catalog.ts';
import { checkStatuses, runAccord } from './run-accord.ts';

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
      assert.deepEqual([...statuses], ['pass'], `${target}: ${def.id} is ${[...statuses].join('/')}`);
    }
  }
});
