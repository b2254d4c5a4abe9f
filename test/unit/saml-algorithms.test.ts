import assert from 'node:assert/strict';
import { createHash, createSign, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import {
  ALLOWED_DIGESTS,
  ALLOWED_SIGNATURES,
  DIGEST_HASHES,
  SIGNATURE_HASHES,
} from '../../lib/saml/algorithms.ts';
import { encodeRedirectMessage, verifyRedirectSignature } from '../../lib/saml/bindings.ts';
import { ALGORITHMS } from '../../lib/saml/namespaces.ts';

const RFC6931 = {
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
  'rsa-sha384': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
};

test('the table knows SHA-1, SHA-256, SHA-384 and SHA-512, and node:crypto knows every name in it', () => {
  assert.deepEqual(
    [...DIGEST_HASHES.keys()].sort(),
    [ALGORITHMS.sha1, ALGORITHMS.sha256, RFC6931.sha384, RFC6931.sha512].sort(),
  );
  assert.deepEqual(
    [...SIGNATURE_HASHES.keys()].sort(),
    [ALGORITHMS['rsa-sha1'], ALGORITHMS['rsa-sha256'], RFC6931['rsa-sha384'], RFC6931['rsa-sha512']].sort(),
  );
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  for (const name of DIGEST_HASHES.values())
    assert.ok(createHash(name).update('x').digest().length > 0, name);
  for (const name of SIGNATURE_HASHES.values())
    assert.ok(createSign(name).update('x').sign(privateKey).length > 0, name);
});

test('allowed is everything but SHA-1', () => {
  assert.deepEqual(
    [...ALLOWED_DIGESTS].sort(),
    [...DIGEST_HASHES.keys()].filter((u) => u !== ALGORITHMS.sha1).sort(),
  );
  assert.deepEqual(
    [...ALLOWED_SIGNATURES].sort(),
    [...SIGNATURE_HASHES.keys()].filter((u) => u !== ALGORITHMS['rsa-sha1']).sort(),
  );
});

test('an HTTP-Redirect signature verifies with any signature algorithm of the table', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  for (const [uri, node] of SIGNATURE_HASHES) {
    const signed = `SAMLRequest=${encodeURIComponent(encodeRedirectMessage('<x/>'))}&SigAlg=${encodeURIComponent(uri)}`;
    const signature = createSign(node).update(signed).sign(privateKey).toString('base64');
    const v = verifyRedirectSignature(`${signed}&Signature=${encodeURIComponent(signature)}`, [cert]);
    assert.deepEqual([v.present, v.valid, v.algorithm], [true, true, uri], uri);
  }
});
