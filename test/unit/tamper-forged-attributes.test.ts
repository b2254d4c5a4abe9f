import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/certificate.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { childElements, descendants, firstChild, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { FORGED_VALUE_PREFIX, TAMPERS, TamperNotApplicable } from '../../lib/saml/tamper/index.ts';
import { readIdentity } from '../../lib/saml/validate/read-identity.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';

/*
 * forged-attributes keeps the genuine subject and forges only the attribute values, in an unsigned
 * assertion before the signed one: the signed assertion still verifies and still says what the IdP
 * asserted, while a reader of the first assertion gets the genuine NameID with forged values.
 */

const idp = issueSelfSignedCertificate({ commonName: 'accord-test-idp' });
const attacker = issueSelfSignedCertificate({ commonName: 'mallory' });
const VICTIM = 'alice@corp.test';
const ctx = {
  attackerNameId: 'mallory@evil.test',
  attackerKey: { key: privateKeyObject(attacker.keyPem), certPem: attacker.certPem },
};

function genuine(attributes: Array<{ name: string; values: string[] }>) {
  const now = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-01-01T00:05:00Z');
  return buildResponse(
    {
      issuer: 'https://idp.accord.test',
      destination: 'https://sp.accord.test/acs',
      inResponseTo: '_req1',
      audience: 'https://sp.accord.test',
      recipient: 'https://sp.accord.test/acs',
      nameId: { value: VICTIM, format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
      attributes,
      issueInstant: now,
      notBefore: now,
      notOnOrAfter: later,
      subjectConfirmationNotOnOrAfter: later,
      sessionIndex: '_session1',
      authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    },
    { signResponse: false, signAssertion: true, key: privateKeyObject(idp.keyPem), certPem: idp.certPem },
  );
}

const tamper = TAMPERS.get('forged-attributes')!;

test('the forged assertion comes first, unsigned, with the genuine NameID and every other value forged', () => {
  const g = genuine([
    { name: 'mail', values: [VICTIM] },
    { name: 'givenName', values: ['Alice'] },
    { name: 'groups', values: ['staff', 'sales'] },
  ]);
  const xml = tamper.apply(g.xml, ctx);
  const root = parseUntrustedXml(xml, 'tampered', Number.MAX_SAFE_INTEGER).documentElement!;
  const [forged, signed] = childElements(root, NS.saml, 'Assertion');
  assert.equal(firstChild(forged, NS.ds, 'Signature'), undefined);
  assert.notEqual(forged.getAttribute('ID'), signed.getAttribute('ID'));
  const seen = readIdentity(forged);
  assert.equal(seen?.nameId, VICTIM);
  assert.deepEqual(seen?.attributes, {
    mail: [VICTIM],
    givenName: [`${FORGED_VALUE_PREFIX}Alice`],
    groups: [`${FORGED_VALUE_PREFIX}staff`, `${FORGED_VALUE_PREFIX}sales`],
  });
  // The genuine assertion is untouched: its signature verifies and its values are the IdP's.
  const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] });
  assert.ok(verdicts.some((v) => v.valid && v.parentId === g.assertionIds[0]));
  assert.deepEqual(
    descendants(signed, NS.saml, 'AttributeValue').map((v) => v.textContent),
    [VICTIM, 'Alice', 'staff', 'sales'],
  );
});

test('an assertion whose only values repeat the NameID has nothing to forge', () => {
  assert.throws(
    () => tamper.apply(genuine([{ name: 'uid', values: [VICTIM] }]).xml, ctx),
    TamperNotApplicable,
  );
});
