import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mapAttributes } from '../../simulators/sp/attribute-mapping.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { claimAttributes } from '../../simulators/sp/oidc/claim-attributes.ts';
import { OidcIdpSettingsError, parseOidcIdpSettings } from '../../simulators/sp/oidc/idp-settings.ts';

/* Seed, "Integrate with OpenID Connect IdP": name, client ID and secret, scopes, a discovery URL or the endpoints by hand, JIT. */

const CLIENT = { clientId: 'webex', clientSecret: 's3cret' };
const BY_HAND = {
  issuer: 'https://op.example',
  authorizationEndpoint: 'https://op.example/authorize',
  tokenEndpoint: 'https://op.example/token',
  jwksUri: 'https://op.example/jwks',
  userinfoEndpoint: 'https://op.example/userinfo',
};

const refusal = (body: unknown, name?: string) => {
  try {
    parseOidcIdpSettings(body, name);
  } catch (e) {
    assert.ok(e instanceof OidcIdpSettingsError, String(e));
    return e.message;
  }
  assert.fail(`accepted ${JSON.stringify(body)}`);
};

describe('OIDC IdP settings', () => {
  it('takes a discovery URL, or the issuer and endpoints by hand, with JIT settings', () => {
    const a = parseOidcIdpSettings({
      name: 'corp',
      discoveryUrl: 'https://op.example',
      ...CLIENT,
      scope: 'openid email',
    });
    assert.equal(a.op.discoveryUrl, 'https://op.example');
    assert.equal(a.op.tokenEndpointAuthMethod, 'client_secret_basic');
    const b = parseOidcIdpSettings({ ...BY_HAND, ...CLIENT, jit: { create: true, update: false } }, 'corp');
    assert.equal(b.name, 'corp', 'the name may come apart (?name=)');
    assert.deepEqual(b.jit, { create: true, update: false });
    assert.equal(b.op.jwksUri, BY_HAND.jwksUri);
  });

  it('names every field at fault', () => {
    assert.match(refusal({ discoveryUrl: 'https://op.example', ...CLIENT }), /name/);
    assert.match(refusal({ name: '../x', discoveryUrl: 'https://op.example', ...CLIENT }), /\/name/);
    assert.match(refusal({ name: 'x', ...CLIENT }), /\/discoveryUrl: required/);
    assert.match(refusal({ name: 'x', discoveryUrl: 'https://op.example', clientId: 'a' }), /clientSecret/);
    assert.match(refusal({ name: 'x', issuer: 'https://op.example', ...CLIENT }), /tokenEndpoint/);
    assert.match(
      refusal({ name: 'x', discoveryUrl: 'https://op.example', ...CLIENT, scope: 'email profile' }),
      /\/scope/,
    );
    assert.match(refusal({ name: 'x', discoveryUrl: 'ftp://op', ...CLIENT }), /\/discoveryUrl/);
    assert.match(
      refusal({ name: 'x', discoveryUrl: 'https://op.example', ...CLIENT, jit: { create: 'yes' } }),
      /\/jit\/create/,
    );
    assert.match(refusal({ name: 'x', discoveryUrl: 'https://op.example', ...CLIENT, colour: 1 }), /colour/);
    assert.match(refusal([]), /JSON object/);
  });
});

describe('claims through the SAML attribute mapping', () => {
  it('maps OIDC Core 5.1 names and groups, fills the uid from email, drops token claims', () => {
    const attrs = claimAttributes(
      {
        sub: 's1',
        iss: 'https://op.example',
        nonce: 'n',
        email: 'ann@example.test',
        given_name: 'Ann',
        family_name: 'Lee',
        name: 'Ann Lee',
        groups: ['a', 'b'],
        address: { country: 'NO' },
      },
      'email',
      'uid',
    );
    assert.deepEqual(attrs.uid, ['ann@example.test']);
    assert.equal(attrs.iss, undefined);
    assert.equal(attrs.nonce, undefined);
    assert.equal(attrs.address, undefined);
    const profile = mapAttributes(attrs);
    assert.equal(profile.uid, 'ann@example.test');
    assert.equal(profile.firstName, 'Ann');
    assert.equal(profile.lastName, 'Lee');
    assert.equal(profile.displayName, 'Ann Lee');
    assert.deepEqual(profile.groupIds, ['a', 'b']);
  });

  it('a uid claim the IdP sends wins over the email claim; another email claim can be named', () => {
    assert.deepEqual(claimAttributes({ uid: 'u@x', email: 'e@x' }, 'email', 'uid').uid, ['u@x']);
    assert.deepEqual(claimAttributes({ upn: 'p@x', email: 'e@x' }, 'upn', 'uid').uid, ['p@x']);
  });
});

describe('admin API /__accord/oidc-idps', () => {
  let dir: string;
  let sp: RunningSp;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-sp-oidc-'));
    sp = await startSpSimulator({ state: { file: join(dir, 'state.db') } });
  });
  after(async () => {
    await sp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = (body: string, query = '', type = 'application/json') =>
    fetch(`${sp.url}/__accord/oidc-idps${query}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });

  it('refuses bad settings with 400 naming the field, and broken JSON or another type clearly', async () => {
    const bad = await post(JSON.stringify({ name: 'x', ...CLIENT }));
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /discoveryUrl/);
    const broken = await post('{"name":');
    assert.equal(broken.status, 400);
    assert.match(await broken.text(), /JSON/);
    const xml = await post('<x/>', '', 'text/plain');
    assert.equal(xml.status, 400);
    assert.match(await xml.text(), /application\/json/);
  });

  it('stores an IdP (secret never shown), lists it with the URIs to register, and keeps it across a restart', async () => {
    const ok = await post(JSON.stringify({ ...BY_HAND, ...CLIENT }), '?name=corp');
    assert.equal(ok.status, 200);
    const shown = (await ok.json()) as Record<string, unknown> & { op: Record<string, unknown> };
    assert.equal(shown.name, 'corp');
    assert.equal(shown.op.clientSecret, undefined);
    assert.equal(shown.redirectUri, `${sp.url}/oidc/callback`);
    const list = (await (await fetch(`${sp.url}/__accord/oidc-idps`)).json()) as {
      idps: Array<{ name: string }>;
    };
    assert.deepEqual(
      list.idps.map((i) => i.name),
      ['corp'],
    );
    await sp.close();
    sp = await startSpSimulator({ state: { file: join(dir, 'state.db') } });
    assert.equal(
      (await fetch(`${sp.url}/__accord/oidc-idps/corp`)).status,
      200,
      'kept in the state database',
    );
    const start = await fetch(`${sp.url}/login?idp=corp`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    assert.match(start.headers.get('location') ?? '', /^https:\/\/op\.example\/authorize\?/);
    assert.equal((await fetch(`${sp.url}/__accord/oidc-idps/corp`, { method: 'DELETE' })).status, 204);
    assert.equal((await fetch(`${sp.url}/__accord/oidc-idps/corp`, { method: 'DELETE' })).status, 404);
  });
});

describe('the oidcIdps option', () => {
  it('configures the IdPs at start; a bad one stops the start naming its index and field', async () => {
    const sp = await startSpSimulator({ oidcIdps: [{ name: 'corp', ...BY_HAND, ...CLIENT }] });
    try {
      const got = (await (await fetch(`${sp.url}/__accord/oidc-idps/corp`)).json()) as {
        op: { issuer: string };
      };
      assert.equal(got.op.issuer, BY_HAND.issuer);
    } finally {
      await sp.close();
    }
    await assert.rejects(
      startSpSimulator({ oidcIdps: [{ name: 'corp', ...CLIENT }] }),
      /oidcIdps\[0\]: .*\/discoveryUrl: required/,
    );
  });
});
