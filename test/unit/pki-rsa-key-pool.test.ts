import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newRsaKeyPem, prepareRsaKeys, spareRsaKeys } from '../../lib/pki/rsa-key-pool.ts';

test('keys made ahead are handed out once each, then keys are made when asked for', async () => {
  prepareRsaKeys(2);
  const deadline = Date.now() + 20_000;
  while (spareRsaKeys() < 2 && Date.now() < deadline) await sleep(20);
  assert.equal(spareRsaKeys(), 2, 'two keys made in the background');
  const keys = [newRsaKeyPem(), newRsaKeyPem(), newRsaKeyPem()];
  assert.equal(spareRsaKeys(), 0);
  assert.equal(new Set(keys).size, 3, 'no key handed out twice');
  for (const pem of keys) {
    const key = createPrivateKey(pem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  }
});

test('another size is always made now, never taken from the spare 2048-bit keys', () => {
  const key = createPrivateKey(newRsaKeyPem(1024));
  assert.equal(key.asymmetricKeyDetails?.modulusLength, 1024);
});
