import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { decryptAssertion } from '../../lib/saml/encryption/decrypt-assertion.ts';
import { encryptAssertion } from '../../lib/saml/encryption/encrypt-assertion.ts';
import {
  hasEncryptedAssertion,
  openEncryptedResponse,
} from '../../lib/saml/encryption/open-encrypted-response.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { descendants, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { sampleResponseModel } from '../support/sample-response.ts';

const idp = issueSelfSignedCertificate({ commonName: 'enc-idp' });
const sp = issueSelfSignedCertificate({ commonName: 'enc-sp' });
const other = issueSelfSignedCertificate({ commonName: 'enc-other' });
const genuine = buildResponse(
  sampleResponseModel({
    issuer: 'https://idp.enc.test',
    sp: 'https://sp.enc.test',
    acs: 'https://sp.enc.test/acs',
    nameId: 'alice@corp.test',
  }),
  { signResponse: false, signAssertion: true, key: privateKeyObject(idp.keyPem), certPem: idp.certPem },
).xml;

/** xmlsec1, not ours, decrypting with the SP's key: the ciphertext is standard XML Encryption. */
function xmlsecDecrypt(xml: string, keyPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-xmlenc-'));
  try {
    writeFileSync(join(dir, 'doc.xml'), xml);
    writeFileSync(join(dir, 'key.pem'), keyPem);
    return execFileSync(
      'xmlsec1',
      ['--decrypt', '--privkey-pem', join(dir, 'key.pem'), join(dir, 'doc.xml')],
      {
        stdio: 'pipe',
      },
    ).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the assertion is replaced by an EncryptedAssertion that hides the NameID', async () => {
  const xml = await encryptAssertion(genuine, { certPem: sp.certPem });
  const root = parseUntrustedXml(xml).documentElement!;
  assert.equal(descendants(root, NS.saml, 'Assertion').length, 0);
  assert.equal(descendants(root, NS.saml, 'EncryptedAssertion').length, 1);
  assert.doesNotMatch(xml, /alice@corp\.test/);
  assert.match(xml, /xmlenc11#aes256-gcm/);
});

test('xmlsec1 decrypts it with the SP key and gets the signed assertion back', async () => {
  const xml = await encryptAssertion(genuine, { certPem: sp.certPem, data: 'aes128-cbc' });
  const plain = xmlsecDecrypt(xml, sp.keyPem);
  assert.match(plain, /alice@corp\.test/);
  assert.throws(() => xmlsecDecrypt(xml, other.keyPem));
});

test('decryptAssertion restores a Response whose assertion signature still verifies', async () => {
  for (const data of ['aes256-gcm', 'aes128-gcm', 'aes256-cbc', 'aes128-cbc'] as const) {
    const xml = await decryptAssertion(
      await encryptAssertion(genuine, { certPem: sp.certPem, data }),
      sp.keyPem,
    );
    const root = parseUntrustedXml(xml).documentElement!;
    const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] });
    assert.equal(verdicts.length, 1, data);
    assert.equal(verdicts[0].valid, true, `${data}: ${verdicts[0].detail}`);
  }
});

test('the wrong key is a clear input error, not a crash', async () => {
  const xml = await encryptAssertion(genuine, { certPem: sp.certPem });
  await assert.rejects(decryptAssertion(xml, other.keyPem), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'cannot-decrypt');
    assert.match(e.message, /cannot be decrypted with this SP's key/);
    return true;
  });
});

test('openEncryptedResponse judges the Response signature over the ciphertext, then drops it', async () => {
  const { signXmlElement } = await import('../../lib/saml/sign-xml.ts');
  const encrypted = await encryptAssertion(genuine, { certPem: sp.certPem });
  const id = parseUntrustedXml(encrypted).documentElement!.getAttribute('ID')!;
  const signed = signXmlElement(encrypted, { id, key: privateKeyObject(idp.keyPem), certPem: idp.certPem });
  const opened = await openEncryptedResponse(signed, sp.keyPem, [idp.certPem]);
  assert.deepEqual(
    { present: opened.responseSignature.present, valid: opened.responseSignature.valid },
    { present: true, valid: true },
  );
  const root = parseUntrustedXml(opened.xml).documentElement!;
  const verdicts = verifyEnvelopedSignatures(opened.xml, root, { trustedCertsPem: [idp.certPem] });
  assert.deepEqual(
    verdicts.map((v) => [v.parent, v.valid]),
    [['Assertion', true]],
  );
  await assert.rejects(openEncryptedResponse(signed, sp.keyPem, [other.certPem]), /does not verify/);
  const unsigned = await openEncryptedResponse(encrypted, sp.keyPem, [idp.certPem]);
  assert.equal(unsigned.responseSignature.present, false);
  assert.equal(hasEncryptedAssertion(parseUntrustedXml(encrypted).documentElement!), true);
  assert.equal(hasEncryptedAssertion(parseUntrustedXml(genuine).documentElement!), false);
});
