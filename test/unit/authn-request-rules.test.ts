import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAcs } from '../../lib/saml/authn-request/check-acs.ts';
import { checkDestination } from '../../lib/saml/authn-request/check-destination.ts';
import { checkRequestSignature } from '../../lib/saml/authn-request/check-request-signature.ts';
import { checkRequiredFields } from '../../lib/saml/authn-request/check-required-fields.ts';
import {
  type AuthnRequestSignature,
  type JudgedAuthnRequest,
  readAuthnRequest,
} from '../../lib/saml/authn-request/parse-authn-request.ts';
import type { Endpoint } from '../../lib/saml/metadata/parse-metadata.ts';
import { ALGORITHMS, BINDING } from '../../lib/saml/namespaces.ts';

/*
 * The SP-AUTHN-01..04 rules the IdP simulator and the SP-initiated suite both apply: each passes a
 * conformant request and fails one that breaks it.
 */

const SP = 'https://sp.rules.accord.test/saml';
const SSO = 'https://idp.rules.accord.test/sso';
const ACS = 'https://sp.rules.accord.test/acs';
const ACS_ARTIFACT = 'https://sp.rules.accord.test/acs-artifact';
const METADATA = {
  entityId: SP,
  acs: [
    { binding: BINDING.post, location: ACS, index: 0, isDefault: true },
    { binding: BINDING.artifact, location: ACS_ARTIFACT, index: 1 },
  ] satisfies Endpoint[],
};

const UNSIGNED: AuthnRequestSignature = { present: false, valid: false, detail: 'no signature' };
const VERIFIED: AuthnRequestSignature = {
  present: true,
  valid: true,
  algorithm: ALGORITHMS['rsa-sha256'],
  detail: 'signature verified',
};
const BROKEN: AuthnRequestSignature = {
  present: true,
  valid: false,
  detail: 'signature value does not verify',
};

const GOOD_ATTRIBUTES: Record<string, string | undefined> = {
  ID: '_req1',
  Version: '2.0',
  IssueInstant: '2026-01-01T00:00:00Z',
  Destination: SSO,
  AssertionConsumerServiceURL: ACS,
  ProtocolBinding: BINDING.post,
};

/** The good request read from XML, with `changes` to its root attributes (undefined: left out); null: no Issuer. */
function request(
  changes: Record<string, string | undefined> = {},
  signature = VERIFIED,
  issuer: string | null = SP,
): JudgedAuthnRequest {
  const attributes = Object.entries({ ...GOOD_ATTRIBUTES, ...changes })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"${attributes}>` +
    (issuer === null ? '' : `<saml:Issuer> ${issuer} </saml:Issuer>`) +
    '</samlp:AuthnRequest>';
  return readAuthnRequest(xml, signature);
}

describe('SP-AUTHN-01: ID, Version, IssueInstant and the Issuer of the SP', () => {
  test('passes a conformant request, its Issuer trimmed', () => {
    assert.equal(checkRequiredFields(request(), SP).status, 'pass');
  });

  test('fails each missing or malformed field, naming it', () => {
    const cases: Array<[JudgedAuthnRequest, string | undefined, RegExp]> = [
      [request({ ID: '1abc' }), SP, /ID "1abc" is not an xs:ID/],
      [request({ ID: undefined }), SP, /ID "" is not an xs:ID/],
      [request({ Version: '1.1' }), SP, /Version is "1.1"/],
      [request({ IssueInstant: 'yesterday' }), SP, /IssueInstant "yesterday" is not a dateTime/],
      [request({}, VERIFIED, null), SP, /has no Issuer/],
      [request({}, VERIFIED, 'https://other.accord.test'), SP, /differs from the metadata entityID/],
      [request(), undefined, /is not the entityID of a trusted SP/],
    ];
    for (const [r, entityId, detail] of cases) {
      const v = checkRequiredFields(r, entityId);
      assert.equal(v.status, 'fail', String(detail));
      assert.match(v.detail, detail);
    }
  });
});

describe('SP-AUTHN-02: Destination is the endpoint the request was sent to', () => {
  test('passes the exact endpoint, and an unsigned request without Destination', () => {
    assert.equal(checkDestination(request(), SSO).status, 'pass');
    assert.equal(checkDestination(request({ Destination: undefined }, UNSIGNED), SSO).status, 'pass');
  });

  test('fails another URL, the endpoint spelled otherwise, an empty one, a signed request without one', () => {
    for (const [r, detail] of [
      [request({ Destination: 'https://elsewhere.accord.test/sso' }), /is not the SSO endpoint/],
      [request({ Destination: `${SSO}/` }), /is not the SSO endpoint/],
      [request({ Destination: '' }, UNSIGNED), /Destination "" is not the SSO endpoint/],
      [request({ Destination: undefined }), /signed AuthnRequest has no Destination/],
    ] as const) {
      const v = checkDestination(r, SSO);
      assert.equal(v.status, 'fail', String(detail));
      assert.match(v.detail, detail);
    }
  });
});

describe('SP-AUTHN-03: the ACS asked for is published in the SP metadata', () => {
  test('passes a published URL or index with a Response binding, or no ACS at all', () => {
    const byUrl = checkAcs(request(), METADATA);
    assert.equal(byUrl.status, 'pass');
    assert.equal(byUrl.endpoint?.location, ACS);
    const artifact = checkAcs(
      request({ AssertionConsumerServiceURL: ACS_ARTIFACT, ProtocolBinding: BINDING.artifact }),
      METADATA,
    );
    assert.equal(artifact.status, 'pass', 'an IdP that cannot answer over Artifact is no fault of the SP');
    assert.equal(artifact.endpoint?.binding, BINDING.artifact);
    const byIndex = checkAcs(
      request({
        AssertionConsumerServiceURL: undefined,
        ProtocolBinding: undefined,
        AssertionConsumerServiceIndex: '1',
      }),
      METADATA,
    );
    assert.equal(byIndex.status, 'pass');
    assert.equal(byIndex.endpoint?.location, ACS_ARTIFACT);
    const none = checkAcs(request({ AssertionConsumerServiceURL: undefined }), METADATA);
    assert.deepEqual([none.status, none.endpoint], ['pass', undefined]);
  });

  test('fails an unpublished URL or index, a binding the URL is not published with, HTTP-Redirect', () => {
    for (const [changes, detail] of [
      [
        { AssertionConsumerServiceURL: 'https://evil.accord.test/acs' },
        /evil\.accord\.test\/acs is not an AssertionConsumerService/,
      ],
      [{ AssertionConsumerServiceURL: '' }, /URL {2}is not an AssertionConsumerService/],
      [
        { AssertionConsumerServiceURL: ACS_ARTIFACT },
        /is published with binding .*HTTP-Artifact, not .*HTTP-POST$/,
      ],
      [
        { AssertionConsumerServiceURL: undefined, AssertionConsumerServiceIndex: '7' },
        /Index 7 names no AssertionConsumerService/,
      ],
      [{ ProtocolBinding: BINDING.redirect }, /HTTP-Redirect cannot carry a Response/],
    ] as const) {
      const v = checkAcs(request(changes), METADATA);
      assert.equal(v.status, 'fail', String(detail));
      assert.match(v.detail, detail);
      assert.equal(v.endpoint, undefined);
    }
  });
});

describe('SP-AUTHN-04: signed as promised, and a signature that is there verifies', () => {
  const PROMISE = 'the SP metadata declares AuthnRequestsSigned="true"';

  test('passes a verified signature, skips an unsigned request nobody promised to sign', () => {
    assert.equal(checkRequestSignature(request(), PROMISE).status, 'pass');
    assert.equal(checkRequestSignature(request(), undefined).status, 'pass');
    assert.equal(checkRequestSignature(request({}, UNSIGNED), undefined).status, 'skip');
  });

  test('fails an unsigned request when signing was promised, and a bad signature in any case', () => {
    const unsigned = checkRequestSignature(request({}, UNSIGNED), PROMISE);
    assert.equal(unsigned.status, 'fail');
    assert.match(unsigned.detail, /AuthnRequestsSigned="true", but the AuthnRequest is unsigned/);
    for (const promise of [PROMISE, undefined]) {
      const bad = checkRequestSignature(request({}, BROKEN), promise);
      assert.equal(bad.status, 'fail');
      assert.match(bad.detail, /signature invalid: signature value does not verify/);
    }
  });
});
