import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { parseAuthnRequest } from '../../lib/saml/authn-request/parse-authn-request.ts';
import { buildRedirectQuery, encodePostMessage } from '../../lib/saml/bindings.ts';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { ALGORITHMS } from '../../lib/saml/namespaces.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';

const sp = issueSelfSignedCertificate({ commonName: 'sp.authn.accord.test' });
const spKey = privateKeyObject(sp.keyPem);
const other = issueSelfSignedCertificate({ commonName: 'sp.authn.accord.test' });

const SP = 'https://sp.authn.accord.test/saml';
const ACS = 'https://sp.authn.accord.test/saml/acs';
const SSO = 'http://127.0.0.1:9/adfs/ls/';

function authnRequest(attrs = '', id = '_req1'): string {
  return (
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${id}" Version="2.0" IssueInstant="2026-01-01T00:00:00Z" Destination="${SSO}"` +
    ` AssertionConsumerServiceURL="${ACS}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"${attrs}>` +
    `<saml:Issuer>${SP}</saml:Issuer>` +
    '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" AllowCreate="true"/>' +
    '</samlp:AuthnRequest>'
  );
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SamlInputError, `expected SamlInputError, got ${e}`);
    return `${e.code}: ${e.message}`;
  }
  assert.fail('expected an error');
}

test('HTTP-Redirect, unsigned: fields are read and the signature is reported absent', () => {
  const query = buildRedirectQuery(
    'SAMLRequest',
    authnRequest(' ForceAuthn="true" IsPassive="false"'),
    'a b+c/d?e',
  );
  const r = parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: `?${query}` }, [sp.certPem]);
  assert.equal(r.id, '_req1');
  assert.equal(r.version, '2.0');
  assert.equal(r.issueInstant, '2026-01-01T00:00:00Z');
  assert.equal(r.issuer, SP);
  assert.equal(r.destination, SSO);
  assert.equal(r.acsUrl, ACS);
  assert.equal(r.protocolBinding, 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
  assert.equal(r.nameIdPolicyFormat, 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
  assert.equal(r.forceAuthn, true);
  assert.equal(r.isPassive, false);
  assert.equal(r.relayState, 'a b+c/d?e');
  assert.equal(r.signature.present, false);
  assert.equal(r.binding, 'HTTP-Redirect');
  assert.match(r.xml, /^<samlp:AuthnRequest/);
});

test('HTTP-Redirect, signed: verifies with the SP certificate, not with another, not after a change', () => {
  const query = buildRedirectQuery('SAMLRequest', authnRequest(), 'state-1', {
    key: spKey,
    algorithm: 'rsa-sha256',
  });
  const ok = parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: query }, (issuer) =>
    issuer === SP ? [sp.certPem] : [],
  );
  assert.deepEqual(
    { present: ok.signature.present, valid: ok.signature.valid, algorithm: ok.signature.algorithm },
    { present: true, valid: true, algorithm: ALGORITHMS['rsa-sha256'] },
  );
  const wrongCert = parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: query }, [other.certPem]);
  assert.equal(wrongCert.signature.valid, false);
  const changed = parseAuthnRequest(
    { binding: 'HTTP-Redirect', rawQuery: query.replace('state-1', 'state-2') },
    [sp.certPem],
  );
  assert.equal(changed.signature.present, true);
  assert.equal(changed.signature.valid, false);
});

test('HTTP-POST: an enveloped signature verifies; an unsigned request is reported unsigned', () => {
  const signed = signXmlElement(authnRequest(), { id: '_req1', key: spKey, certPem: sp.certPem });
  const r = parseAuthnRequest(
    { binding: 'HTTP-POST', samlRequest: encodePostMessage(signed), relayState: 'rs' },
    [sp.certPem],
  );
  assert.equal(r.signature.present, true);
  assert.equal(r.signature.valid, true, r.signature.detail);
  assert.equal(r.relayState, 'rs');
  const bad = parseAuthnRequest({ binding: 'HTTP-POST', samlRequest: encodePostMessage(signed) }, [
    other.certPem,
  ]);
  assert.equal(bad.signature.valid, false);
  const unsigned = parseAuthnRequest({
    binding: 'HTTP-POST',
    samlRequest: encodePostMessage(authnRequest()),
  });
  assert.equal(unsigned.signature.present, false);
});

test('malformed input is a SamlInputError naming the problem', () => {
  const redirect = (value: string) => () =>
    parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: `SAMLRequest=${encodeURIComponent(value)}` });
  const deflated = (xml: string) => deflateRawSync(Buffer.from(xml)).toString('base64');
  assert.match(
    code(() => parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: 'RelayState=x' })),
    /^missing-parameter/,
  );
  assert.match(
    code(() => parseAuthnRequest({ binding: 'HTTP-POST', samlRequest: undefined })),
    /^missing-parameter/,
  );
  assert.match(code(redirect('not base64 !!')), /^bad-base64: SAMLRequest/);
  assert.match(code(redirect(Buffer.from('plain, not deflated').toString('base64'))), /^bad-deflate/);
  assert.match(code(redirect(deflated('this is not xml <'))), /^not-xml/);
  assert.match(
    code(redirect(deflated('<!DOCTYPE x [<!ENTITY a "b">]><samlp:AuthnRequest/>'))),
    /^doctype-forbidden/,
  );
  assert.match(
    code(redirect(deflated('<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>'))),
    /^wrong-root: .*AuthnRequest, got .*LogoutRequest/,
  );
  assert.match(code(redirect(deflated(authnRequest('', '')))), /has no ID/);
  assert.match(
    code(redirect(deflated(authnRequest().replace('Version="2.0"', 'Version="1.1"')))),
    /Version is "1.1"/,
  );
  assert.match(code(redirect(deflated(authnRequest(' ForceAuthn="yes"')))), /ForceAuthn="yes"/);
  assert.match(
    code(redirect(deflateRawSync(Buffer.alloc(2 * 1024 * 1024, 0x20)).toString('base64'))),
    /^too-large: SAMLRequest inflates/,
  );
  const q = buildRedirectQuery('SAMLRequest', authnRequest());
  assert.match(
    code(() => parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: `${q}&${q}` })),
    /SAMLRequest appears 2 times/,
  );
  assert.match(
    code(() => parseAuthnRequest({ binding: 'HTTP-Redirect', rawQuery: 'SAMLRequest=%E0%A4%A' })),
    /not validly URL-encoded/,
  );
});
