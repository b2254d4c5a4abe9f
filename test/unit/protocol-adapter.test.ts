import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { counterpartStarterFor } from '../../cli/harness/counterparts/index.ts';
import { adapterFor } from '../../lib/protocol/adapters.ts';
import { saml2Adapter } from '../../lib/protocol/saml2/adapter.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import type { TargetProfile } from '../../lib/target/index.ts';
import { type RecordingServer, recordingServer } from '../support/recording-server.ts';

const SP_ENTITY = 'https://sp.adapter.accord.test/saml?tenant=a b';
const SP_MD = `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="${SP_ENTITY}">
<md:SPSSODescriptor protocolSupportEnumeration="${NS.samlp}">
<md:AssertionConsumerService Binding="${BINDING.post}" Location="https://sp.adapter.accord.test/acs" index="0"/>
</md:SPSSODescriptor></md:EntityDescriptor>`;

function profile(role: TargetProfile['role'], nameId?: TargetProfile['nameId']): TargetProfile {
  return {
    file: `/profiles/adapter-${role}.yaml`,
    name: `adapter-${role}`,
    role,
    protocol: 'saml2',
    baseUrl: 'http://127.0.0.1:9',
    metadata: { url: '{base_url}/md' },
    exchange: { manual: true },
    capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: ['post'] },
    nameId,
  };
}

/** Stands in for a simulator's admin API. */
let admin: RecordingServer;
before(async () => {
  admin = await recordingServer(() => ({
    status: 200,
    body: JSON.stringify({ entityId: SP_ENTITY }),
    contentType: 'application/json',
  }));
});
after(() => admin.close());
beforeEach(() => {
  admin.requests.length = 0;
});

describe('protocol adapters', () => {
  test('each protocol is looked up by name', () => {
    assert.equal(adapterFor('saml2'), saml2Adapter);
    assert.equal(typeof counterpartStarterFor('saml2'), 'function');
    assert.equal(typeof counterpartStarterFor('oidc'), 'function');
  });

  test('saml2: the target goes by its entityID', () => {
    assert.equal(saml2Adapter.targetId(parseMetadata(SP_MD)), SP_ENTITY);
  });

  test('saml2: templates name the counterpart by its URL-encoded entityID, as the other role', () => {
    assert.deepEqual(saml2Adapter.counterpartVars('sp', 'https://idp.example/a b'), {
      idp_entity_id: 'https%3A%2F%2Fidp.example%2Fa%20b',
    });
    assert.deepEqual(saml2Adapter.counterpartVars('idp', SP_ENTITY), {
      sp_entity_id: encodeURIComponent(SP_ENTITY),
    });
    assert.throws(() => saml2Adapter.counterpartVars('rp', 'x'), /"rp" is not a role of saml2/);
  });

  test('saml2: an IdP counterpart trusts an SP target with the NameID its profile needs', async () => {
    const sp = profile('sp', { format: 'persistent', from: 'username' });
    await saml2Adapter.trustTarget(admin.url, parseMetadata(SP_MD), sp);
    assert.deepEqual(
      admin.requests.map((r) => [r.method, r.url, r.body]),
      [['POST', '/__accord/peers?nameIdFormat=persistent&nameIdFrom=username', SP_MD]],
    );
  });

  test('saml2: an SP counterpart trusts an IdP target by its metadata alone', async () => {
    const idp = profile('idp', { format: 'persistent', from: 'username' });
    await saml2Adapter.trustTarget(admin.url, parseMetadata(SP_MD), idp);
    assert.deepEqual(
      admin.requests.map((r) => [r.method, r.url]),
      [['POST', '/__accord/peers']],
    );
  });

  test('saml2: only an SP target is given narrowed IdP metadata', () => {
    const md = 'http://127.0.0.1:1/metadata';
    const sp = { ...profile('sp'), exchange: { manual: true, ssoBindings: ['post' as const] } };
    assert.equal(saml2Adapter.counterpartDescriptorUrl(sp, md), `${md}?ssoBindings=post`);
    assert.equal(saml2Adapter.counterpartDescriptorUrl(profile('sp'), md), md);
    assert.equal(saml2Adapter.counterpartDescriptorUrl({ ...sp, role: 'idp' }, md), md);
  });
});
