import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeCertificate, Keystore } from '../../lib/pki/index.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'accord-keys-'));

test('a key is created once and kept across keystore instances', () => {
  const d = dir();
  const a = new Keystore(d).get('idp-adfs', { commonName: 'ADFS Signing' });
  const b = new Keystore(d).get('idp-adfs');
  assert.equal(a.certPem, b.certPem);
  assert.equal(a.keyPem, b.keyPem);
  assert.match(describeCertificate(a.certPem).subject, /CN=ADFS Signing/);
  assert.deepEqual(new Keystore(d).list(), ['idp-adfs']);
});

test('private keys are written mode 0600', () => {
  const k = new Keystore(dir()).get('sp-org');
  assert.equal(statSync(k.keyFile).mode & 0o777, 0o600);
});

test('validity dates are settable: expired and soon-to-expire certificates', () => {
  const store = new Keystore(dir());
  const now = new Date('2026-06-01T00:00:00Z');
  const expired = store.create('old', {
    commonName: 'old',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2026-01-01T00:00:00Z'),
  });
  assert.ok(describeCertificate(expired.certPem, now).daysLeft < 0);
  const soon = store.create('soon', {
    commonName: 'soon',
    notBefore: now,
    notAfter: new Date('2026-06-15T00:00:00Z'),
  });
  assert.equal(describeCertificate(soon.certPem, now).daysLeft, 14);
});

test('renewal can keep the key and reissue only the certificate', () => {
  const store = new Keystore(dir());
  const first = store.get('idp-x');
  const renewed = store.create('idp-x', { commonName: 'idp-x' }, true);
  assert.equal(renewed.keyPem, first.keyPem);
  assert.notEqual(renewed.certPem, first.certPem);
  const rekeyed = store.create('idp-x', { commonName: 'idp-x' });
  assert.notEqual(rekeyed.keyPem, first.keyPem);
});

test('a key name that could escape the folder is refused with the name', () => {
  assert.throws(() => new Keystore(dir()).get('../etc/passwd'), /invalid key name "\.\.\/etc\/passwd"/);
});
