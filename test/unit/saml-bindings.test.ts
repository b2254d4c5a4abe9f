import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { issueSelfSignedCertificate } from '../../lib/pki/index.ts';
import {
  buildRedirectQuery,
  decodePostMessage,
  decodeRedirectMessage,
  encodeRedirectMessage,
  verifyRedirectSignature,
} from '../../lib/saml/bindings.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';

test('redirect encoding round-trips', () => {
  assert.equal(decodeRedirectMessage(encodeRedirectMessage('<a>é</a>')), '<a>é</a>');
});

test('bad base64, bad deflate and a compression bomb are named errors', () => {
  assert.throws(() => decodeRedirectMessage('***'), { code: 'bad-base64' });
  assert.throws(() => decodeRedirectMessage(Buffer.from('not deflate at all').toString('base64')), {
    code: 'bad-deflate',
  });
  const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024)).toString('base64');
  const t0 = Date.now();
  assert.throws(() => decodeRedirectMessage(bomb), { code: 'too-large' });
  assert.ok(Date.now() - t0 < 1000);
  assert.throws(() => decodePostMessage(''), { code: 'missing-parameter' });
});

test('DOCTYPE, entities, two roots and non-XML are refused before use', () => {
  assert.throws(
    () => parseUntrustedXml('<!DOCTYPE a [<!ENTITY x SYSTEM "http://127.0.0.1:1/">]><a>&x;</a>'),
    {
      code: 'doctype-forbidden',
    },
  );
  assert.throws(() => parseUntrustedXml('<a/><b/>'), { code: 'not-xml' });
  assert.throws(() => parseUntrustedXml('hello'), { code: 'not-xml' });
});

test('a signed redirect query verifies over the raw octets and fails when RelayState changes', () => {
  const kc = issueSelfSignedCertificate({ commonName: 'sp' });
  const q = buildRedirectQuery('SAMLRequest', '<x/>', '/me?a=b', { key: kc.keyPem, algorithm: 'rsa-sha256' });
  assert.equal(verifyRedirectSignature(q, [kc.certPem]).valid, true);
  const changed = q.replace(/RelayState=[^&]+/, 'RelayState=%2Fevil');
  assert.equal(verifyRedirectSignature(changed, [kc.certPem]).valid, false);
  assert.equal(verifyRedirectSignature('SAMLRequest=abc', [kc.certPem]).present, false);
});
