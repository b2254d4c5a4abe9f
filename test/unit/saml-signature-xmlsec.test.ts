import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { xmlsecVerify as xmlsec1 } from '../support/xmlsec.ts';

const kc = issueSelfSignedCertificate({ commonName: 'accord-test-idp' });
const key = privateKeyObject(kc.keyPem);
const ASSERTION = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>https://idp.accord.test</saml:Issuer><saml:Subject><saml:NameID>alice@corp.test</saml:NameID></saml:Subject></saml:Assertion>`;

/** xmlsec1 is an implementation that is not ours: it must agree with what we sign. */
function xmlsecVerify(xml: string): boolean {
  return xmlsec1(xml, kc.certPem, { idElements: ['urn:oasis:names:tc:SAML:2.0:assertion:Assertion'] }).ok;
}

test('a signed assertion verifies with xmlsec1', () => {
  const signed = signXmlElement(ASSERTION, { id: '_a1', key, certPem: kc.certPem });
  assert.equal(xmlsecVerify(signed), true);
});

test('one changed byte breaks the signature for xmlsec1 and for our verifier', () => {
  const signed = signXmlElement(ASSERTION, { id: '_a1', key, certPem: kc.certPem });
  const tampered = signed.replace('alice@corp.test', 'alicf@corp.test');
  assert.equal(xmlsecVerify(tampered), false);
  const verdicts = verifyEnvelopedSignatures(tampered, parseUntrustedXml(tampered).documentElement!, {
    trustedCertsPem: [kc.certPem],
  });
  assert.equal(verdicts[0].valid, false);
  const good = verifyEnvelopedSignatures(signed, parseUntrustedXml(signed).documentElement!, {
    trustedCertsPem: [kc.certPem],
  });
  assert.equal(good[0].valid, true);
  assert.match(good[0].signedXml ?? '', /alice@corp\.test/);
});

test('a signature by another key does not verify against the trusted certificate', () => {
  const other = issueSelfSignedCertificate({ commonName: 'accord-test-idp' });
  const signed = signXmlElement(ASSERTION, {
    id: '_a1',
    key: privateKeyObject(other.keyPem),
    certPem: other.certPem,
  });
  const root = parseUntrustedXml(signed).documentElement!;
  assert.equal(verifyEnvelopedSignatures(signed, root, { trustedCertsPem: [kc.certPem] })[0].valid, false);
  assert.equal(
    verifyEnvelopedSignatures(signed, root, { trustedCertsPem: [kc.certPem], trustKeyInfo: true })[0].valid,
    true,
  );
});
