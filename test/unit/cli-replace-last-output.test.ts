import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { replaceLastOutput } from '../../cli/replace-last-output.ts';

test("the last run's output is gone at once, deleted in the background, and other files stay", async () => {
  const out = mkdtempSync(join(tmpdir(), 'accord-replace-'));
  mkdirSync(join(out, 'allure-results'));
  for (let i = 0; i < 50; i++) writeFileSync(join(out, 'allure-results', `${i}-result.json`), '{}');
  writeFileSync(join(out, 'junit.xml'), '<testsuites/>');
  writeFileSync(join(out, 'keep.txt'), 'mine');
  // Left aside by a run that was killed before its deletion finished.
  mkdirSync(join(out, '.replaced-old', 'allure-report'), { recursive: true });
  const done = replaceLastOutput(out, ['allure-results', 'junit.xml', 'manifest.json']);
  assert.equal(existsSync(join(out, 'allure-results')), false);
  assert.equal(existsSync(join(out, 'junit.xml')), false);
  await done;
  assert.deepEqual(readdirSync(out), ['keep.txt']);
});

test('an output folder that does not exist yet is made', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'accord-replace-')), 'new', 'out');
  await replaceLastOutput(out, ['allure-results']);
  assert.deepEqual(readdirSync(out), []);
});
