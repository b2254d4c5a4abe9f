import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

/*
 * Every flag is checked before anything is touched: a bad one is one line naming it, exit 2, and
 * the last run's output is still there. Each case used to delete the output first (or hang, or
 * be silently ignored, or create a junk key).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const accord = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/accord.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });

/** What the user sees, without the runtime notice oidc-provider prints when loaded on Node 20. */
const errorLines = (stderr: string) =>
  stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('oidc-provider WARNING'));

function lastRun(): { out: string; sentinel: string } {
  const out = mkdtempSync(join(tmpdir(), 'accord-flags-'));
  mkdirSync(join(out, 'allure-report'));
  writeFileSync(join(out, 'allure-report', 'index.html'), '<p>last run</p>');
  writeFileSync(join(out, 'junit.xml'), '<testsuites name="last run"/>');
  return { out, sentinel: join(out, 'junit.xml') };
}

for (const [flags, names] of [
  [['--shard', '3/2'], /--shard 3\/2: I must be between 1 and N/],
  [['--shard', 'two'], /--shard expects I\/N/],
  [['--workers', '0'], /--workers expects a whole number of at least 1, got "0"/],
  [['--workers', 'two'], /--workers expects a whole number of at least 1, got "two"/],
  [['--port', 'nosuch=8443'], /--port nosuch=…: no simulator of this run is named "nosuch"/],
  [['--port', 'adfs=99999'], /--port expects NAME=PORT/],
  [['--port', 'adfs=8443', '--port', 'sp=8443'], /port 8443 is already given to "adfs"/],
  [['--grep', '(unclosed'], /--grep "\(unclosed" is not a regular expression/],
  [['--check', 'SP-SEC-XSW33'], /--check: /],
  [['--wokers', '2'], /unknown flag --wokers/],
  [['--package', '/nonexistent-folder/p.tar.gz'], /--package .*does not exist/],
] as const) {
  test(`accord run ${flags.join(' ')}: one line naming the flag, exit 2, the last run's output kept`, () => {
    const { out, sentinel } = lastRun();
    const r = accord([
      'run',
      '--target',
      'targets/reference-sp.yaml',
      '--scenario',
      'scenarios/adfs.yaml',
      '--out',
      out,
      ...flags,
    ]);
    assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
    const lines = errorLines(r.stderr);
    assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
    assert.match(lines[0], names);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(readFileSync(sentinel, 'utf8'), '<testsuites name="last run"/>');
    assert.ok(existsSync(join(out, 'allure-report', 'index.html')));
  });
}

test('accord keys --recreate with a misspelt name creates nothing and suggests the name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-keys-typo-'));
  assert.equal(accord(['keys', '--dir', dir, '--create', 'idp-adfs']).status, 0);
  const r = accord(['keys', '--dir', dir, '--recreate', 'idp-adfz']);
  assert.equal(r.status, 2);
  assert.deepEqual(errorLines(r.stderr).length, 1, r.stderr);
  assert.match(r.stderr, /--recreate idp-adfz: no such key .*\(did you mean "idp-adfs"\?\)/);
  assert.ok(!existsSync(join(dir, 'idp-adfz.key.pem')), 'no junk key');
  const again = accord(['keys', '--dir', dir, '--create', 'idp-adfs']);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /--create idp-adfs: the key exists already/);
  const days = accord(['keys', '--dir', dir, '--days', 'soon']);
  assert.match(days.stderr, /--days must be a non-zero whole number, got "soon"/);
});

test('accord sim checks its flags before starting: --port, --base-url, --trust', () => {
  for (const [args, message] of [
    [
      ['sim', 'idp', '--scenario', 'scenarios/adfs.yaml', '--port', 'http'],
      /--port must be a port number 0-65535, got "http"/,
    ],
    [
      ['sim', 'idp', '--scenario', 'scenarios/adfs.yaml', '--base-url', 'localhost:8081'],
      /--base-url expects an absolute http\(s\) URL/,
    ],
    [['sim', 'sp', '--trust', 'idp.example/metadata'], /--trust expects the peer's metadata URL/],
    [
      ['sim', 'op', '--scenario', 'scenarios/generic-oidc.yaml', '--trust', 'http://x/'],
      /--trust: only "sim idp" and "sim sp"/,
    ],
    [['sim', 'pair'], /accord sim pair needs --scenario FILE/],
    [['sim', 'pear'], /accord sim: expected "idp", "sp", "op", "rp", "pair", got "pear"/],
  ] as const) {
    const r = accord([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(errorLines(r.stderr).length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});
