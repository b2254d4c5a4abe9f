import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keystore } from '../../lib/pki/index.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import {
  loadSamlScenario,
  loadScenario,
  NAME_ID_FORMAT_URNS,
  NAME_ID_FORMATS,
  registerVendor,
  type ScenarioPaths,
  type VendorProfile,
  vendorIds,
  vendorProfiles,
} from '../../lib/scenario/index.ts';
import { startIdpSimulator } from '../../simulators/idp/index.ts';
import { mapAttributes } from '../../simulators/sp/attribute-mapping.ts';
import { inputFileError } from '../support/input-file-error.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const { dir: WORK, write } = tempWorkspace('vendors');
const loadError = (file: string) => inputFileError(loadScenario, file);
const PATH_NAMES: Array<keyof ScenarioPaths> = ['metadata', 'sso', 'slo', 'idpInitiated', 'login'];

function scenarioText(vendor: string, extra = ''): string {
  return `id: ${vendor}-scenario
title: A ${vendor} scenario
protocol: saml2
vendor: ${vendor}
idp:
  entityId: '{base_url}/idp'
  tenantId: 0f1e2d3c
${extra}`;
}

describe('registered vendor profiles', () => {
  it('each supplies every field', () => {
    const ids = vendorIds();
    assert.ok(ids.includes('generic'), 'the generic fallback is registered');
    assert.equal(new Set(ids).size, ids.length);
    for (const v of vendorProfiles()) {
      assert.match(v.id, /^[a-z0-9][a-z0-9-]*$/);
      assert.ok(v.product.trim(), `${v.id}: product`);
      assert.deepEqual(Object.keys(v.paths).sort(), [...PATH_NAMES].sort(), `${v.id}: paths`);
      for (const name of PATH_NAMES) assert.match(v.paths[name], /^\/[^\s?#]*$/, `${v.id}: paths.${name}`);
      for (const text of [
        v.look.title,
        v.look.heading,
        v.look.organization,
        v.look.signingCommonName('x.test'),
      ]) {
        assert.ok(text.trim(), `${v.id}: look`);
      }
      for (const f of v.metadata.nameIdFormats) assert.ok(NAME_ID_FORMATS.includes(f), `${v.id}: ${f}`);
      assert.equal(new Set(v.metadata.nameIdFormats).size, v.metadata.nameIdFormats.length);
      assert.match(v.idpInitiatedSpParameter, /^[A-Za-z][A-Za-z0-9_]*$/, `${v.id}: idpInitiatedSpParameter`);
      for (const names of Object.values(v.claims)) {
        assert.ok(Array.isArray(names) && names.every((n) => n.trim() !== ''), `${v.id}: claims`);
      }
      const scenario = loadSamlScenario(write(`${v.id}.yaml`, scenarioText(v.id)));
      assert.deepEqual(
        scenario.idp.paths,
        Object.fromEntries(PATH_NAMES.map((n) => [n, v.paths[n]])),
        `${v.id}: its paths are the scenario defaults`,
      );
      const wsFed = v.metadata.wsFed({
        scenario,
        baseUrl: 'https://idp.test',
        tenantId: '0f1e2d3c',
        entityId: 'https://idp.test/idp',
        ssoUrl: 'https://idp.test/sso',
      });
      for (const url of [wsFed.passiveRequestorUrl, wsFed.securityTokenServiceUrl, wsFed.targetScopeUrl]) {
        assert.match(url, /^https:\/\/idp\.test\//, `${v.id}: WS-Federation URLs are absolute`);
      }
      assert.ok(wsFed.displayName.trim(), `${v.id}: WS-Federation display name`);
    }
  });

  it('are the only list of vendors: the schema file names none, the loader admits exactly these', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'lib/scenario/scenario.schema.json'), 'utf8'));
    assert.equal(schema.properties.vendor.enum, undefined);
    const err = loadError(write('unknown.yaml', scenarioText('no-such-idp')));
    const allowed = vendorIds()
      .map((id) => `"${id}"`)
      .join(', ');
    assert.ok(err.message.includes(`/vendor: must be one of ${allowed}, not "no-such-idp"`), err.message);
  });
});

describe('a vendor profile built here, registered for this test only', () => {
  const acme: VendorProfile = {
    id: 'acme-test',
    product: 'Acme Identity',
    paths: {
      metadata: '/acme/{tenant_id}/metadata.xml',
      sso: '/acme/sso',
      slo: '/acme/slo',
      idpInitiated: '/acme/start',
      login: '/acme/login',
    },
    look: {
      title: 'Acme sign-in',
      heading: 'Acme Identity Cloud',
      signingCommonName: (host) => `Acme Signing - ${host}`,
      organization: 'Acme Org',
    },
    signIn: { identifierFirst: false, staySignedIn: false },
    metadata: {
      nameIdFormats: ['persistent', 'unspecified'],
      wsFed: (at) => ({
        displayName: 'Acme STS',
        passiveRequestorUrl: `${at.baseUrl}/acme/wsfed`,
        securityTokenServiceUrl: `${at.baseUrl}/acme/sts`,
        targetScopeUrl: at.entityId,
        claimTypes: [],
      }),
    },
    idpInitiatedSpParameter: 'acmeApp',
    claims: { firstName: ['acmeGiven'], lastName: ['acmeFamily'], groups: ['acmeGroups'] },
  };
  const before = vendorIds();
  const keystore = new Keystore(join(WORK, 'keys'));
  const attributes = { acmeGiven: ['Ada'], acmeFamily: ['Lovelace'], acmeGroups: ['g1', 'g2'] };
  const file = write('acme.yaml', scenarioText(acme.id, '  metadata:\n    wsFedRoleDescriptors: true\n'));

  it('is read by the loader, the IdP simulator and the reference SP, and nothing else is needed', async () => {
    const unregister = registerVendor(acme);
    after(unregister);
    const scenario = loadSamlScenario(file);
    assert.equal(scenario.idp.paths.metadata, '/acme/{tenant_id}/metadata.xml');
    assert.equal(scenario.idp.paths.idpInitiated, '/acme/start');

    const sim = await startIdpSimulator({ scenario, keystore });
    try {
      assert.equal(sim.info.metadataUrl, `${sim.url}/acme/0f1e2d3c/metadata.xml`);
      const xml = await (await fetch(sim.info.metadataUrl)).text();
      const md = parseMetadata(xml);
      assert.deepEqual(md.idp?.nameIdFormats, [
        NAME_ID_FORMAT_URNS.transient,
        NAME_ID_FORMAT_URNS.persistent,
        NAME_ID_FORMAT_URNS.unspecified,
      ]);
      assert.ok(xml.includes(`${sim.url}/acme/sts`), 'the profile wrote the WS-Federation descriptors');
      const cert = new X509Certificate(md.idp!.certs.signing[0]);
      assert.match(cert.subject, /CN=Acme Signing - acme-test-scenario\.accord\.test/);
      assert.match(cert.subject, /O=Acme Org/);

      const login = await (await fetch(`${sim.url}/acme/login`)).text();
      assert.match(login, /<title>Acme sign-in/);
      assert.match(login, /<h1>Acme Identity Cloud<\/h1>/);

      const start = await fetch(
        `${sim.url}/acme/start?acmeApp=${encodeURIComponent('https://nobody.test/sp')}`,
      );
      assert.equal(start.status, 400);
      assert.match(await start.text(), /https:\/\/nobody\.test\/sp is not a trusted SP/);
    } finally {
      await sim.close();
    }

    const mapped = mapAttributes(attributes);
    assert.equal(mapped.firstName, 'Ada');
    assert.equal(mapped.lastName, 'Lovelace');
    assert.deepEqual(mapped.groupIds, ['g1', 'g2']);

    unregister();
    assert.deepEqual(vendorIds(), before, 'nothing stays registered');
    assert.match(loadError(file).message, /\/vendor: must be one of .*, not "acme-test"/);
    assert.deepEqual(mapAttributes(attributes).groupIds, []);
  });
});
