import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import samlify from 'samlify';
import { certBase64, issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { buildIdpMetadataForScenario } from '../../lib/saml/metadata/build-idp-metadata.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import { childElements, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import {
  loadSamlScenario,
  loadScenario,
  NAME_ID_FORMAT_URNS,
  type Scenario,
} from '../../lib/scenario/index.ts';
import { xmlsecVerify as xmlsec1 } from '../support/xmlsec.ts';

const kc = issueSelfSignedCertificate({ commonName: 'ADFS Signing - metadata.accord.test' });
const key = privateKeyObject(kc.keyPem);
const BASE = 'http://127.0.0.1:4567';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const scenarioFiles = readdirSync(SCENARIOS).filter(
  (f) => f.endsWith('.yaml') && loadScenario(join(SCENARIOS, f)).protocol === 'saml2',
);

function xmlsecVerify(xml: string): boolean {
  return xmlsec1(xml, kc.certPem, { idElements: ['urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor'] })
    .ok;
}

function fill(s: string, scenario: Scenario): string {
  return s.replaceAll('{base_url}', BASE).replaceAll('{tenant_id}', scenario.idp.tenantId ?? '');
}

test('there are shipped scenarios to check', () => {
  assert.ok(scenarioFiles.length >= 3, scenarioFiles.join(', '));
});

for (const file of scenarioFiles) {
  test(`${file}: metadata parses with parseMetadata and samlify and says what the scenario says`, () => {
    const scenario = loadSamlScenario(join(SCENARIOS, file));
    const xml = buildIdpMetadataForScenario(scenario, { baseUrl: BASE, key, certPem: kc.certPem });
    const md = parseMetadata(xml);
    const entityId = fill(scenario.idp.entityId, scenario);
    const ssoUrl = BASE + fill(scenario.idp.paths.sso, scenario);
    const sloUrl = BASE + fill(scenario.idp.paths.slo, scenario);
    assert.equal(md.entityId, entityId);
    assert.equal(md.signed, scenario.idp.metadata.signed);
    assert.equal(!!md.id, scenario.idp.metadata.withId || scenario.idp.metadata.signed);
    assert.ok(md.idp);
    assert.equal(md.idp.wantAuthnRequestsSigned, false);
    assert.deepEqual(
      md.idp.ssoServices.map((e) => [e.binding, e.location]),
      [
        [BINDING.redirect, ssoUrl],
        [BINDING.post, ssoUrl],
      ],
    );
    assert.deepEqual(
      md.idp.sloServices.map((e) => [e.binding, e.location]),
      [
        [BINDING.redirect, sloUrl],
        [BINDING.post, sloUrl],
      ],
    );
    assert.deepEqual(
      md.idp.certs.signing.map((c) => certBase64(c)),
      [certBase64(kc.certPem)],
    );
    assert.equal(md.idp.nameIdFormats[0], NAME_ID_FORMAT_URNS[scenario.idp.nameId.format]);
    assert.deepEqual(
      md.otherRoles,
      scenario.idp.metadata.wsFedRoleDescriptors
        ? ['fed:SecurityTokenServiceType', 'fed:ApplicationServiceType']
        : [],
    );

    const idp = samlify.IdentityProvider({ metadata: xml });
    assert.equal(idp.entityMeta.getEntityID(), entityId);
    assert.equal(idp.entityMeta.getSingleSignOnService('redirect'), ssoUrl);
    assert.equal(idp.entityMeta.getSingleSignOnService('post'), ssoUrl);
    assert.equal(
      String(idp.entityMeta.getX509Certificate('signing')).replace(/\s/g, ''),
      certBase64(kc.certPem),
    );

    if (scenario.idp.metadata.signed) {
      assert.equal(xmlsecVerify(xml), true, 'xmlsec1 verifies the metadata signature');
      assert.equal(xmlsecVerify(xml.replace(ssoUrl, `${ssoUrl}x`)), false, 'and rejects a changed endpoint');
    }
  });
}

test('AD FS metadata: Signature first, then the two WS-Federation RoleDescriptors, then the IDPSSODescriptor', () => {
  const scenario = loadSamlScenario(join(SCENARIOS, 'adfs.yaml'));
  const xml = buildIdpMetadataForScenario(scenario, { baseUrl: BASE, key, certPem: kc.certPem });
  const root = parseUntrustedXml(xml).documentElement!;
  const children = childElements(root).map((e) => {
    const type = e.getAttributeNS(NS.xsi, 'type');
    return type ? `${e.localName}[${type}]` : e.localName;
  });
  assert.deepEqual(children, [
    'Signature',
    'RoleDescriptor[fed:SecurityTokenServiceType]',
    'RoleDescriptor[fed:ApplicationServiceType]',
    'IDPSSODescriptor',
  ]);
  const [sts, app] = childElements(root, NS.md, 'RoleDescriptor');
  const local = (e: typeof root) => childElements(e).map((c) => c.localName);
  assert.deepEqual(local(sts), [
    'KeyDescriptor',
    'TokenTypesOffered',
    'ClaimTypesOffered',
    'SecurityTokenServiceEndpoint',
    'PassiveRequestorEndpoint',
  ]);
  assert.deepEqual(local(app), [
    'KeyDescriptor',
    'TargetScopes',
    'ApplicationServiceEndpoint',
    'PassiveRequestorEndpoint',
  ]);
  const passive = childElements(sts, NS.fed, 'PassiveRequestorEndpoint')[0];
  const address = childElements(childElements(passive, NS.wsa, 'EndpointReference')[0], NS.wsa, 'Address')[0];
  assert.equal(address.textContent, `${BASE}/adfs/ls/`);
  assert.ok(xml.includes('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn'));
  assert.equal(xmlsecVerify(xml), true);
});

test('validUntil follows validDays; without signing or withId there is no ID', () => {
  const scenario = loadSamlScenario(join(SCENARIOS, 'ping.yaml'));
  const now = new Date('2030-01-01T00:00:00Z');
  const changed: Scenario = {
    ...scenario,
    idp: {
      ...scenario.idp,
      metadata: { signed: false, withId: false, wsFedRoleDescriptors: false, validDays: 7 },
    },
  };
  const md = parseMetadata(
    buildIdpMetadataForScenario(changed, { baseUrl: BASE, key, certPem: kc.certPem, now }),
  );
  assert.equal(md.validUntil, '2030-01-08T00:00:00Z');
  assert.equal(md.id, undefined);
  assert.equal(md.signed, false);
});
