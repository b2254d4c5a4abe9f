import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedOnce } from '../../suites/preflight/shared-once.ts';

test("the preflight runs once per key: a second caller waits for the first one's result", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-once-'));
  let runs = 0;
  const work = async () => {
    runs++;
    await sleep(300);
    return { ok: false, reason: `run ${runs}` };
  };
  const [a, b] = await Promise.all([sharedOnce(dir, 'k', work, 5_000), sharedOnce(dir, 'k', work, 5_000)]);
  assert.equal(runs, 1);
  assert.deepEqual(a, { ok: false, reason: 'run 1' });
  assert.deepEqual(b, a);
  // Later callers read the result without running it again; another key runs its own.
  assert.deepEqual(await sharedOnce(dir, 'k', work, 5_000), a);
  assert.deepEqual(await sharedOnce(dir, 'other', work, 5_000), { ok: false, reason: 'run 2' });
});

test('a caller that waited in vain for a claimant that died runs the work itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-once-'));
  // A claim with no result ever written: its worker died.
  const never = new Promise<never>(() => {});
  void sharedOnce(dir, 'k', () => never, 5_000);
  const got = await sharedOnce(dir, 'k', async () => 'mine', 400);
  assert.equal(got, 'mine');
});
