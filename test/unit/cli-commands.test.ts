import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const accord = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/accord.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

test('accord validate accepts the shipped scenarios and profiles', () => {
  const r = accord([
    'validate',
    'scenarios/adfs.yaml',
    'scenarios/entra.yaml',
    'scenarios/ping.yaml',
    'targets/reference-sp.yaml',
    'targets/builtin-idp.yaml',
    'scenarios/generic-oidc.yaml',
    'scenarios/entra-oidc.yaml',
    'targets/reference-rp.yaml',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ok {2}scenarios\/adfs\.yaml: scenario "adfs"/);
  assert.match(r.stdout, /target "reference-sp"/);
  assert.match(r.stdout, /ok {2}targets\/reference-rp\.yaml: target "reference-rp"/);
});

test('accord validate names the file, line and path of a fault and exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-cli-'));
  const bad = join(dir, 'bad-target.yaml');
  writeFileSync(bad, 'name: x\nrole: sp\nprotocol: saml2\nmetadata:\n  url: 42\ncapabilities: {}\n');
  const r = accord(['validate', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad-target\.yaml:5:\d+: \/metadata\/url/);
});

test('accord run refuses an unknown flow, and an unknown command is a usage error', () => {
  const r = accord(['run', '--flow', 'nope']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--flow "nope" is not one of/);
  const u = accord(['frobnicate']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /unknown command "frobnicate"/);
});

test('--help after any command prints the usage and exits 0, without running it', () => {
  for (const args of [['run', '--help'], ['sim', 'idp', '-h'], ['--help']]) {
    const r = accord(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^Usage:\n {2}accord run /m, args.join(' '));
  }
});

test('accord keys lists the keystore and recreates an expired key on request', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-keys-cli-'));
  const made = accord(['keys', '--dir', dir, '--create', 'idp-test']);
  assert.equal(made.status, 0, made.stderr);
  const expired = accord(['keys', '--dir', dir, '--recreate', 'idp-test', '--days=-1']);
  assert.equal(expired.status, 0, expired.stderr);
  const list = accord(['keys', '--dir', dir]);
  assert.match(list.stdout, /idp-test .* EXPIRED/);
});

test('accord validate takes the OIDC scenarios; accord sim op needs one, and an OIDC one', () => {
  const ok = accord(['validate', 'scenarios/generic-oidc.yaml', 'scenarios/entra-oidc.yaml']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /scenarios\/entra-oidc\.yaml: scenario "entra-oidc"/);
  const none = accord(['sim', 'op']);
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /accord sim op needs --scenario FILE/);
  const saml = accord(['sim', 'op', '--scenario', 'scenarios/adfs.yaml']);
  assert.notEqual(saml.status, 0);
  assert.match(
    saml.stderr,
    /adfs\.yaml:\d+:1: \/protocol: an oidc scenario is needed here, this one is saml2/,
  );
});
