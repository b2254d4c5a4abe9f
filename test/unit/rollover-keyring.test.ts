import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Keyring, KeyringError } from '../../lib/pki/keyring.ts';
import { Keystore } from '../../lib/pki/keystore.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-keyring-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a rollover publishes next ahead of use, promotes it, retires the old key, and rolls back the same way', () => {
  const keystore = new Keystore(dir);
  const ring = new Keyring(keystore, 'idp-x', { commonName: 'idp.x.test' });
  const first = ring.state().current;
  assert.equal(ring.state().next, undefined);
  assert.deepEqual(
    ring.published().map((k) => k.certPem),
    [first.certPem],
  );

  const next = ring.prepareNext();
  assert.notEqual(next.certPem, first.certPem);
  assert.equal(ring.prepareNext().certPem, next.certPem, 'a prepared next key is kept');
  assert.deepEqual(
    ring.published().map((k) => k.certPem),
    [first.certPem, next.certPem],
  );
  assert.equal(statSync(next.keyFile).mode & 0o777, 0o600, 'private keys stay 0600');

  const after1 = ring.promote();
  assert.equal(after1.current.certPem, next.certPem);
  assert.equal(after1.current.keyPem, next.keyPem, 'the key moves with its certificate, unchanged');
  assert.deepEqual(
    after1.retired.map((k) => k.certPem),
    [first.certPem],
  );
  assert.equal(after1.next, undefined);

  // Another keyring over the same keystore (a restart) sees the same state.
  const reopened = new Keyring(new Keystore(dir), 'idp-x').state();
  assert.equal(reopened.current.certPem, next.certPem);
  assert.deepEqual(
    reopened.retired.map((k) => k.certPem),
    [first.certPem],
  );

  ring.prepareNext('retired');
  const back = ring.promote();
  assert.equal(back.current.certPem, first.certPem, 'rolled back to the first key');
  assert.deepEqual(
    back.retired.map((k) => k.certPem),
    [next.certPem],
  );
  assert.equal(ring.dropRetired(), 1);
  assert.deepEqual(keystore.list(), ['idp-x']);
});

test('a keyring refuses what it cannot do, saying why', () => {
  const ring = new Keyring(new Keystore(dir), 'idp-y');
  assert.throws(() => ring.promote(), KeyringError);
  assert.throws(() => ring.prepareNext('retired'), /no retired key/);
  assert.equal(ring.cancelNext(), false);
  ring.prepareNext();
  assert.equal(ring.cancelNext(), true);
  assert.equal(ring.state().next, undefined);
});
