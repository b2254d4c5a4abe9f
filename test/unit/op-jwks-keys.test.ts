import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { jwksKeys } from '../../suites/op-target/checks/discovery-checks.ts';

const { publicKey } = await generateKeyPair('RS256', { extractable: true });
const rsa = await exportJWK(publicKey);
const key = (extra: Partial<JWK>): JWK => ({ ...rsa, kid: 'k1', ...extra });

for (const [what, jwks, ok, detail] of [
  ['a signing key with kid, use sig and RS256', [key({ use: 'sig', alg: 'RS256' })], true, /1 keys/],
  ['an encryption key with use enc and RSA-OAEP', [key({ use: 'enc', alg: 'RSA-OAEP' })], true, /1 keys/],
  ['a key with neither use nor alg', [key({})], true, /1 keys/],
  ['a key without kid', [{ ...rsa, use: 'sig', alg: 'RS256' }], false, /key 0 has no kid/],
  [
    'use sig with an encryption alg',
    [key({ use: 'sig', alg: 'RSA-OAEP' })],
    false,
    /use sig but alg RSA-OAEP/,
  ],
  ['use enc with a signing alg', [key({ use: 'enc', alg: 'PS256' })], false, /use enc but alg PS256/],
  [
    'an alg the key type cannot do',
    [key({ use: 'sig', alg: 'ES256' })],
    false,
    /alg ES256 is not one a RSA key does/,
  ],
  ['a use that is neither sig nor enc', [key({ use: 'wrap' })], false, /use "wrap"/],
  ['no keys', [], false, /no keys array/],
] as const) {
  test(`OP-JWKS-KEYS: ${what} ${ok ? 'passes' : 'fails'}`, async () => {
    const judged = await jwksKeys({ keys: jwks });
    assert.equal(judged.ok, ok, judged.detail);
    assert.match(judged.detail, detail);
  });
}
