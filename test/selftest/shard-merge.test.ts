import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { runAccord } from './run-accord.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SMALL = ['--no-report', '--target', 'targets/reference-sp.yaml', '--scenario', 'scenarios/entra.yaml'];
/** Two quick flows: enough tests for two shards, and the merge is what is under test, not the suites. */
const FLOWS = ['--flow', 'metadata', '--flow', 'idp-initiated'];

function testNames(resultsDir: string): string[] {
  return readdirSync(resultsDir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as { fullName: string })
    .map((r) => r.fullName)
    .sort();
}

test('two shards merge into one report with every test present once', () => {
  const whole = runAccord([...SMALL, ...FLOWS]);
  const one = runAccord([...SMALL, ...FLOWS, '--shard', '1/2']);
  const two = runAccord([...SMALL, ...FLOWS, '--shard', '2/2']);
  const expected = testNames(join(whole.out, 'allure-results'));
  assert.ok(expected.length >= 2, `the unsharded run has tests for both shards: ${expected.join(', ')}`);
  const a = testNames(join(one.out, 'allure-results'));
  const b = testNames(join(two.out, 'allure-results'));
  assert.ok(a.length > 0 && b.length > 0, 'each shard ran some tests');

  const merged = mkdtempSync(join(tmpdir(), 'accord-merged-'));
  const res = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/accord.js'), 'report', '--out', merged, '--merge', one.out, '--merge', two.out],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
  assert.deepEqual(testNames(join(merged, 'allure-results')), expected, 'every test once, none lost');
  assert.ok(existsSync(join(merged, 'allure-report', 'index.html')));
  const report = JSON.parse(readFileSync(join(merged, 'conformance.json'), 'utf8'));
  const ids = new Set(report.targets.flatMap((t: { checks: { id: string }[] }) => t.checks.map((c) => c.id)));
  const wholeIds = new Set(whole.report.targets.flatMap((t) => t.checks.map((c) => c.id)));
  assert.deepEqual([...ids].sort(), [...wholeIds].sort());
  assert.equal(report.summary.mustFailed, 0);
});
