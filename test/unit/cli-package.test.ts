import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { fileDigests, signManifest } from '../../cli/package/manifest.ts';
import { readTarGz, type TarEntry, writeTarGz } from '../../cli/package/tar.ts';
import type { CheckResult } from '../../lib/checks/types.ts';
import { issueSelfSignedCertificate } from '../../lib/pki/index.ts';
import { buildReport } from '../../reports/conformance-model.ts';

/*
 * A certification package verifies as made; a changed file is named; a verdict its results do not
 * give is caught even when the manifest is re-signed; a signature that does not match is caught.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'accord-package-'));
const env = { ACCORD_KEYSTORE: join(work, 'keys') };
const accord = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/accord.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });

const check = (id: string, status: CheckResult['status']): CheckResult => ({
  id,
  title: `${id} title`,
  level: 'MUST',
  spec: 'SAML core 2.5.1.4',
  role: 'sp',
  flow: 'security',
  status,
  detail: `${id} ${status}`,
  target: 'my-sp',
  scenario: 'adfs',
});

const out = join(work, 'out');
const pkg = join(work, 'accord-package.tar.gz');

before(() => {
  mkdirSync(join(out, 'allure-report'), { recursive: true });
  mkdirSync(join(out, 'allure-results'), { recursive: true });
  const report = buildReport([check('SP-SEC-AUDIENCE', 'pass'), check('SP-SEC-XSW3', 'pass')], []);
  writeFileSync(join(out, 'conformance.json'), JSON.stringify(report, null, 2));
  writeFileSync(
    join(out, 'junit.xml'),
    `<testsuites name="Accord conformance: ${report.verdict}" tests="1"></testsuites>\n`,
  );
  writeFileSync(join(out, 'allure-report', 'index.html'), '<!doctype html><title>report</title>');
  writeFileSync(
    join(out, 'allure-results', 'r1-result.json'),
    JSON.stringify({
      name: 'XSW3',
      steps: [{ name: 'Response', attachments: [{ name: 'Response (XSW3)', source: 'a1-attachment.xml' }] }],
    }),
  );
  writeFileSync(join(out, 'allure-results', 'a1-attachment.xml'), '<samlp:Response ID="_1"/>');
  writeFileSync(
    join(out, 'plan.json'),
    JSON.stringify({
      targets: [join(ROOT, 'targets/reference-sp.yaml')],
      scenarios: [join(ROOT, 'scenarios/adfs.yaml')],
      flows: [],
      outDir: out,
    }),
  );
  const made = accord(['package', '--out', out, '-o', pkg]);
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /verdict: PASSED/);
});

function tampered(name: string, change: (entries: TarEntry[]) => TarEntry[]): string {
  const file = join(work, name);
  writeFileSync(file, writeTarGz(change(readTarGz(readFileSync(pkg)))));
  return file;
}
const replace = (entries: TarEntry[], path: string, data: Buffer) =>
  entries.map((e) => (e.path === path ? { path, data } : e));

test('a package holds the report, results, messages, inputs and a signed manifest, and verifies', () => {
  const listed = spawnSync('tar', ['-tzf', pkg], { encoding: 'utf8' });
  assert.equal(listed.status, 0, `GNU tar reads it: ${listed.stderr}`);
  for (const path of [
    'manifest.json',
    'manifest.jws',
    'conformance.json',
    'junit.xml',
    'report/index.html',
    'messages/a1-attachment.xml',
    'messages/index.json',
    'inputs/targets/reference-sp.yaml',
    'inputs/scenarios/adfs.yaml',
  ])
    assert.ok(listed.stdout.split('\n').includes(path), `${path} in:\n${listed.stdout}`);
  const manifest = JSON.parse(
    String(readTarGz(readFileSync(pkg)).find((e) => e.path === 'manifest.json')?.data),
  );
  assert.match(manifest.accordVersion, /^\d+\.\d+\.\d+/);
  const r = accord(['verify', pkg]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /verified, 7 files/);
  assert.match(r.stdout, /verdict: PASSED/);
});

test('a changed file is named', () => {
  const file = tampered('changed.tar.gz', (e) =>
    replace(e, 'messages/a1-attachment.xml', Buffer.from('<samlp:Response ID="_2"/>')),
  );
  const r = accord(['verify', file]);
  assert.equal(r.status, 4, r.stdout);
  assert.match(r.stderr, /NOT VERIFIED\n {2}changed: messages\/a1-attachment\.xml\n/);
  const extra = tampered('extra.tar.gz', (e) => [
    ...e,
    { path: 'messages/new.xml', data: Buffer.from('<x/>') },
  ]);
  assert.match(accord(['verify', extra]).stderr, /not in the manifest: messages\/new\.xml/);
});

test('a verdict its results do not give is caught, even with a re-signed manifest', async () => {
  const entries = readTarGz(readFileSync(pkg));
  const report = JSON.parse(String(entries.find((e) => e.path === 'conformance.json')?.data));
  report.targets[0].checks[0].status = 'fail'; // a failed MUST check, the verdict still "PASSED"
  const files = replace(entries, 'conformance.json', Buffer.from(JSON.stringify(report))).filter(
    (e) => e.path !== 'manifest.json' && e.path !== 'manifest.jws',
  );
  const manifest = JSON.parse(String(entries.find((e) => e.path === 'manifest.json')?.data));
  const resigned = Buffer.from(JSON.stringify({ ...manifest, files: fileDigests(files) }));
  const key = issueSelfSignedCertificate({ commonName: 'someone else' });
  const jws = await signManifest(resigned, key.keyPem, key.certPem);
  const file = join(work, 'verdict.tar.gz');
  writeFileSync(
    file,
    writeTarGz([
      { path: 'manifest.json', data: resigned },
      { path: 'manifest.jws', data: Buffer.from(jws) },
      ...files,
    ]),
  );
  const r = accord(['verify', file]);
  assert.equal(r.status, 4, r.stdout);
  assert.match(r.stderr, /conformance\.json: summary\.mustFailed is 0, its results give 1/);
  assert.match(
    r.stderr,
    /conformance\.json: verdict "PASSED", its results give "FAILED \(1 MUST check failed\)"/,
  );
  assert.match(r.stderr, /manifest\.json: verdict "PASSED", the results give "FAILED/);
  assert.doesNotMatch(
    r.stderr,
    /changed:|bad signature/,
    'the digests and signature hold: only the verdict is wrong',
  );
});

test('a bad signature is caught: a manifest changed after signing, a broken signature, another signer than --cert', () => {
  const manifestChanged = tampered('manifest.tar.gz', (e) => {
    const m = String(e.find((x) => x.path === 'manifest.json')?.data).replace('"PASSED"', '"PASSED "');
    return replace(e, 'manifest.json', Buffer.from(m));
  });
  const a = accord(['verify', manifestChanged]);
  assert.equal(a.status, 4);
  assert.match(a.stderr, /bad signature: manifest\.json is not the manifest that was signed/);

  const broken = tampered('jws.tar.gz', (e) => {
    const jws = String(e.find((x) => x.path === 'manifest.jws')?.data).trim();
    const flipped = `${jws.slice(0, -6)}${jws.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    return replace(e, 'manifest.jws', Buffer.from(flipped));
  });
  const b = accord(['verify', broken]);
  assert.equal(b.status, 4);
  assert.match(b.stderr, /bad signature: manifest\.jws: the signature does not verify/);

  const other = issueSelfSignedCertificate({ commonName: 'not the vendor' });
  writeFileSync(join(work, 'other.crt.pem'), other.certPem);
  const c = accord(['verify', pkg, '--cert', join(work, 'other.crt.pem')]);
  assert.equal(c.status, 4);
  assert.match(c.stderr, /bad signature: signed by .*not by the certificate given with --cert/);
  const vendor = accord(['verify', pkg, '--cert', join(work, 'keys', 'package-signing.crt.pem')]);
  assert.equal(vendor.status, 0, vendor.stderr);

  const junk = join(work, 'junk.tar.gz');
  writeFileSync(junk, 'not an archive');
  const d = accord(['verify', junk]);
  assert.equal(d.status, 2);
  assert.match(d.stderr, /junk\.tar\.gz: not a gzip-compressed archive/);
});
