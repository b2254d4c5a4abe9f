import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { authnRequestPost, authnRequestRedirect } from '../../lib/saml/authn-request/build-authn-request.ts';
import { decodeRedirectMessage, verifyRedirectSignature } from '../../lib/saml/bindings.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import { validateSamlXml } from '../../lib/saml/schema/validator.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const key = ks.keystore.get('sp-test');
const FIELDS = {
  destination: 'https://idp.example.test/sso',
  issuer: 'http://127.0.0.1:4300/idb/org-1',
  acsUrl: 'http://127.0.0.1:4300/acs',
};

function root(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

test('Redirect AuthnRequest: signed query, fields as required, schema-valid', async () => {
  const r = authnRequestRedirect(FIELDS, '/me?x=1', { key: key.keyPem, certPem: key.certPem });
  assert.ok(r.url.startsWith(`${FIELDS.destination}?SAMLRequest=`));
  assert.match(
    r.query,
    /&RelayState=%2Fme%3Fx%3D1&SigAlg=http%3A%2F%2Fwww\.w3\.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=/,
  );
  assert.equal(verifyRedirectSignature(r.query, [key.certPem]).valid, true);
  assert.equal(verifyRedirectSignature(r.query, [ks.keystore.get('other').certPem]).valid, false);
  const sent = new URLSearchParams(r.query).get('SAMLRequest')!;
  assert.equal(decodeRedirectMessage(sent), r.xml);
  const el = root(r.xml);
  assert.equal(el.getAttribute('ID'), r.id);
  assert.equal(el.getAttribute('Version'), '2.0');
  assert.ok(el.getAttribute('IssueInstant'));
  assert.equal(el.getAttribute('Destination'), FIELDS.destination);
  assert.equal(el.getAttribute('AssertionConsumerServiceURL'), FIELDS.acsUrl);
  assert.equal(el.getAttribute('ProtocolBinding'), BINDING.post);
  assert.equal(el.getElementsByTagNameNS(NS.saml, 'Issuer')[0].textContent, FIELDS.issuer);
  assert.equal(el.getElementsByTagNameNS(NS.samlp, 'NameIDPolicy')[0].getAttribute('AllowCreate'), 'true');
  assert.deepEqual(await validateSamlXml(r.xml), { valid: true, errors: [] });
});

test('POST AuthnRequest: enveloped signature that verifies, schema-valid, auto-post form', async () => {
  const p = authnRequestPost(FIELDS, 'rs-1', { key: key.keyPem, certPem: key.certPem });
  const el = root(p.xml);
  const verdicts = verifyEnvelopedSignatures(p.xml, el, { trustedCertsPem: [key.certPem] });
  assert.equal(verdicts.length, 1);
  assert.equal(verdicts[0].valid, true);
  assert.equal(verdicts[0].parentId, p.id);
  assert.equal(Buffer.from(p.samlRequest, 'base64').toString('utf8'), p.xml);
  assert.match(p.html, /<form method="post" action="https:\/\/idp\.example\.test\/sso">/);
  assert.match(p.html, /name="RelayState" value="rs-1"/);
  assert.deepEqual(await validateSamlXml(p.xml), { valid: true, errors: [] });
});

test('unsigned variants carry no signature', () => {
  const r = authnRequestRedirect(FIELDS);
  assert.doesNotMatch(r.query, /Signature=|SigAlg=/);
  const p = authnRequestPost(FIELDS);
  assert.doesNotMatch(p.xml, /Signature/);
});
