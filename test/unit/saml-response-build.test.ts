import assert from 'node:assert/strict';
import { test } from 'node:test';
import samlify from 'samlify';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { buildIdpMetadata } from '../../lib/saml/metadata/build-idp-metadata.ts';
import { BINDING, NAMEID_FORMAT, NS } from '../../lib/saml/namespaces.ts';
import { buildResponse, type ResponseModel } from '../../lib/saml/response/build-response.ts';
import { descendants, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { validateSamlXml } from '../../lib/saml/schema/validator.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { xmlsecVerify as xmlsec1 } from '../support/xmlsec.ts';

const kc = issueSelfSignedCertificate({ commonName: 'ADFS Signing - build.accord.test' });
const key = privateKeyObject(kc.keyPem);

const IDP = 'https://idp.build.accord.test/adfs/services/trust';
const SP = 'https://sp.build.accord.test/saml';
const ACS = 'https://sp.build.accord.test/saml/acs?tenant=a&x="1"';
const NAME_ID = "dana.o'brien@corp.example.com";

function model(overrides: Partial<ResponseModel> = {}): ResponseModel {
  const now = new Date();
  return {
    issuer: IDP,
    destination: ACS,
    inResponseTo: '_req1',
    audience: SP,
    recipient: ACS,
    nameId: { value: NAME_ID, format: NAMEID_FORMAT.transient, nameQualifier: IDP, spNameQualifier: SP },
    attributes: [
      { name: 'uid', values: [NAME_ID] },
      {
        name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
        nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
        friendlyName: 'Given <Name> & "more"',
        values: ['José\tÁlvarez\r\n'],
      },
      { name: 'http://schemas.xmlsoap.org/claims/Group', values: ['Domain Users', 'R&D <team>'] },
    ],
    issueInstant: now,
    notBefore: new Date(now.getTime() - 60_000),
    notOnOrAfter: new Date(now.getTime() + 300_000),
    subjectConfirmationNotOnOrAfter: new Date(now.getTime() + 300_000),
    sessionIndex: '_session1',
    sessionNotOnOrAfter: new Date(now.getTime() + 3_600_000),
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    ...overrides,
  };
}

/** xmlsec1 verifies the n-th ds:Signature of the document (1-based). */
function xmlsecVerify(xml: string, nth: number): boolean {
  return xmlsec1(xml, kc.certPem, {
    idElements: [`${NS.saml}:Assertion`, `${NS.samlp}:Response`],
    nodeXpath: `(//*[local-name()='Signature'])[${nth}]`,
  }).ok;
}

const COMBINATIONS = [
  { signResponse: true, signAssertion: true, signatures: 2 },
  { signResponse: false, signAssertion: true, signatures: 1 },
  { signResponse: true, signAssertion: false, signatures: 1 },
] as const;

for (const c of COMBINATIONS) {
  const label = `response ${c.signResponse ? 'signed' : 'unsigned'}, assertion ${c.signAssertion ? 'signed' : 'unsigned'}`;

  test(`${label}: every signature verifies with xmlsec1 and fails after a one-byte NameID change`, () => {
    const { xml } = buildResponse(model(), { ...c, key, certPem: kc.certPem });
    const count = descendants(parseUntrustedXml(xml), NS.ds, 'Signature').length;
    assert.equal(count, c.signatures);
    const escaped = "dana.o'brien@corp.example.com";
    assert.ok(xml.includes(`>${escaped}</saml:NameID>`));
    const tampered = xml.replace(
      `>${escaped}</saml:NameID>`,
      `>${escaped.replace('dana', 'dano')}</saml:NameID>`,
    );
    for (let n = 1; n <= count; n++) {
      assert.equal(xmlsecVerify(xml, n), true, `signature ${n} verifies`);
      assert.equal(xmlsecVerify(tampered, n), false, `signature ${n} fails after the NameID changed`);
    }
  });

  test(`${label}: our verifier accepts it and the SAML schemas validate it`, async () => {
    const { xml, responseId, assertionIds } = buildResponse(model(), { ...c, key, certPem: kc.certPem });
    const doc = parseUntrustedXml(xml);
    const verdicts = verifyEnvelopedSignatures(xml, doc.documentElement!, { trustedCertsPem: [kc.certPem] });
    assert.equal(verdicts.length, c.signatures);
    for (const v of verdicts) assert.equal(v.valid, true, v.detail);
    const signedIds = verdicts.map((v) => v.parentId).sort();
    const expected = [
      ...(c.signResponse ? [responseId] : []),
      ...(c.signAssertion ? assertionIds : []),
    ].sort();
    assert.deepEqual(signedIds, expected);
    const schema = await validateSamlXml(xml);
    assert.deepEqual(schema.errors, []);
  });
}

test('the precomputed canonical form digests to the same value xml-crypto computes', () => {
  const m = model({ responseId: '_resp1', assertionId: '_assert1' });
  const fast = buildResponse(m, { signResponse: false, signAssertion: true, key, certPem: kc.certPem }).xml;
  const reference = signXmlElement(buildResponse(m).xml, { id: '_assert1', key, certPem: kc.certPem });
  const digest = (xml: string) => /<ds:DigestValue>([^<]+)<\/ds:DigestValue>/.exec(xml)?.[1];
  const value = (xml: string) =>
    /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/.exec(xml)?.[1]?.replace(/\s/g, '');
  assert.equal(digest(fast), digest(reference));
  // RSA PKCS#1 v1.5 is deterministic: equal SignatureValues mean byte-equal canonical SignedInfo.
  assert.equal(value(fast), value(reference));
});

test('elements come in schema order and an unsolicited Response has no InResponseTo at all', () => {
  const { xml } = buildResponse(model({ inResponseTo: undefined }), {
    signResponse: true,
    signAssertion: true,
    key,
    certPem: kc.certPem,
  });
  assert.ok(!xml.includes('InResponseTo'));
  const root = parseUntrustedXml(xml).documentElement!;
  const names = (el: typeof root) =>
    Array.from(el.childNodes)
      .filter((n) => n.nodeType === 1)
      .map((n) => (n as typeof root).localName);
  assert.deepEqual(names(root), ['Issuer', 'Signature', 'Status', 'Assertion']);
  const assertion = descendants(root, NS.saml, 'Assertion')[0];
  assert.deepEqual(names(assertion), [
    'Issuer',
    'Signature',
    'Subject',
    'Conditions',
    'AuthnStatement',
    'AttributeStatement',
  ]);
  const values = descendants(root, NS.saml, 'AttributeValue').map((v) => v.textContent);
  assert.deepEqual(values, [NAME_ID, 'José\tÁlvarez\r\n', 'Domain Users', 'R&D <team>']);
});

test('status, extra assertion copies and omitted assertion are laid out as asked', () => {
  const two = buildResponse(model({ extraAssertionCopies: 1 }), {
    signResponse: false,
    signAssertion: true,
    key,
    certPem: kc.certPem,
  });
  assert.equal(two.assertionIds.length, 2);
  assert.notEqual(two.assertionIds[0], two.assertionIds[1]);
  const verdicts = verifyEnvelopedSignatures(two.xml, parseUntrustedXml(two.xml).documentElement!, {
    trustedCertsPem: [kc.certPem],
  });
  assert.deepEqual(
    verdicts.map((v) => v.valid),
    [true, true],
  );
  const error = buildResponse(
    model({
      omitAssertion: true,
      statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
      subStatusCode: 'urn:oasis:names:tc:SAML:2.0:status:NoPassive',
      statusMessage: 'not signed in',
    }),
  );
  assert.equal(error.assertionIds.length, 0);
  assert.match(
    error.xml,
    /<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:NoPassive"><\/samlp:StatusCode><\/samlp:StatusCode><samlp:StatusMessage>not signed in<\/samlp:StatusMessage>/,
  );
});

test('a value XML cannot carry is refused, not written', () => {
  assert.throws(
    () => buildResponse(model({ nameId: { value: 'a\u0001b' } })),
    /U\+0001, which XML 1\.0 does not allow/,
  );
});

test('samlify parses it as a login response, for each signing combination', async () => {
  const { ServiceProvider, IdentityProvider, setSchemaValidator } = samlify;
  setSchemaValidator({
    validate: async (xml: string) => {
      const r = await validateSamlXml(xml);
      if (!r.valid) throw new Error(r.errors.join('; '));
      return 'valid';
    },
  });
  const acs = 'https://sp.build.accord.test/saml/acs';
  const idp = IdentityProvider({
    metadata: buildIdpMetadata({
      entityId: IDP,
      ssoUrl: 'https://idp.build.accord.test/adfs/ls/',
      sloUrl: 'https://idp.build.accord.test/adfs/ls/',
      certPem: kc.certPem,
      nameIdFormats: [NAMEID_FORMAT.transient],
    }),
  });
  for (const c of COMBINATIONS) {
    const sp = ServiceProvider({
      entityID: SP,
      assertionConsumerService: [{ Binding: BINDING.post, Location: acs }],
      wantAssertionsSigned: c.signAssertion,
      wantMessageSigned: c.signResponse,
    });
    // samlify 2.13, with its own xmldom 0.8, fails to verify text holding a carriage return
    // (xmlsec1 accepts it, above), so this model's values carry none.
    const attributes = model().attributes.map((a) => ({
      ...a,
      values: a.values.map((v) => v.replace(/\r/g, '')),
    }));
    const { xml } = buildResponse(model({ destination: acs, recipient: acs, attributes }), {
      ...c,
      key,
      certPem: kc.certPem,
    });
    const parsed = await sp.parseLoginResponse(idp, 'post', {
      body: { SAMLResponse: encodePostMessage(xml) },
    });
    assert.equal(parsed.extract.nameID, NAME_ID);
    assert.equal(parsed.extract.issuer, IDP);
    assert.equal(parsed.extract.attributes?.uid, NAME_ID);
    assert.deepEqual(parsed.extract.attributes?.['http://schemas.xmlsoap.org/claims/Group'], [
      'Domain Users',
      'R&D <team>',
    ]);
  }
});
