import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CookieBrowser } from '../support/cookie-browser.ts';
import {
  authorizationUrl,
  discover,
  REDIRECT_URI,
  rawTokenRequest,
  signIn,
  startTestOp,
  testClient,
} from '../support/op-flow.ts';
import { recordingServer } from '../support/recording-server.ts';

const client = testClient('rp-admin');
const op = await startTestOp('generic-oidc', [client]);
const admin = (path: string) => `${op.url}/__accord${path}`;

async function send(method: string, path: string, body: string, type = 'application/json') {
  const res = await fetch(admin(path), { method, headers: { 'content-type': type }, body });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as { error: string; check: string }) : undefined,
  };
}

describe('OP admin API', () => {
  it('health, info and test users', async () => {
    const health = await op.admin.health();
    assert.deepEqual(health, {
      ok: true,
      role: 'op',
      name: 'generic-oidc',
      scenario: 'generic-oidc',
      defects: [],
    });
    const info = await op.admin.info();
    assert.equal(info.discoveryUrl, `${op.url}/.well-known/openid-configuration`);
    assert.equal(info.mismatchedDiscoveryUrl, `${op.url}/mismatch/.well-known/openid-configuration`);
    const users = await op.admin.testUsers();
    assert.equal(users[0].username, 'kim.lee');
    assert.equal(users[0].password, 'Oidc-Kim-1');
  });

  it('registers a client and replaces it by id; the provider follows the new redirect URI', async () => {
    const other = 'http://127.0.0.1:9/other-callback';
    assert.deepEqual(await op.admin.registerClient(testClient('rp-replaced')), { clientId: 'rp-replaced' });
    await op.admin.registerClient(testClient('rp-replaced', { redirectUris: [other] }));
    const config = await discover(op, testClient('rp-replaced'));
    const { url } = await authorizationUrl(config);
    const refused = await new CookieBrowser().get(url.href);
    assert.equal(refused.status, 400, 'the old redirect_uri is no longer registered');
    assert.match(await refused.text(), /data-check="invalid_redirect_uri"/);
  });

  it('a bad client registration is a 400 naming every field at fault', async () => {
    const r = await send(
      'POST',
      '/clients',
      JSON.stringify({
        clientId: 'x',
        tokenEndpointAuthMethod: 'private_key_jwt',
        redirectUris: ['http://a/cb#frag'],
        extra: 1,
      }),
    );
    assert.equal(r.status, 400);
    assert.equal(r.body?.check, '/clientSecret');
    for (const part of [
      '/clientSecret: required property is missing',
      '/tokenEndpointAuthMethod: must be one of "client_secret_basic", "client_secret_post"',
      '/redirectUris/0: "http://a/cb#frag" does not match pattern',
      '/extra: unknown property "extra"',
    ]) {
      assert.ok(r.body?.error.includes(part), `${part} in ${r.body?.error}`);
    }
    assert.match((await send('POST', '/clients', '{"clientId": ')).body?.error ?? '', /the body is not JSON/);
    assert.equal(
      (await send('POST', '/clients', '[]')).body?.error,
      'client registration: the body must be a JSON object',
    );
    const huge = await send('POST', '/clients', JSON.stringify({ clientId: 'x'.repeat(70_000) }));
    assert.equal(huge.status, 413);
    assert.equal(huge.body?.check, 'body');
  });

  it('a bad token plan is a 400 naming the field; an unknown forgery lists the known ones', async () => {
    const forge = await send('PUT', '/flows/f1', JSON.stringify({ forge: 'alg-nope' }));
    assert.equal(forge.status, 400);
    assert.match(forge.body?.error ?? '', /\/forge: must be one of "id-token-bad-signature", "alg-none"/);
    const typo = await send('PUT', '/flows/f1', JSON.stringify({ forgery: 'alg-none' }));
    assert.match(typo.body?.error ?? '', /\/forgery: unknown property "forgery" \(did you mean "forge"\?\)/);
    const tokenClaim = await send('PUT', '/flows/f1', JSON.stringify({ claims: { iss: 'x' } }));
    assert.equal(tokenClaim.body?.check, '/claims/iss');
    assert.match(tokenClaim.body?.error ?? '', /a token claim, not the user's; use forge/);
    const unknown = await send('PUT', '/flows/f1', JSON.stringify({ claims: { department: 'x' } }));
    assert.match(
      unknown.body?.error ?? '',
      /\/claims\/department: not a claim this OP issues \(sub, groups, name/,
    );
    const long = await send('PUT', `/flows/${'f'.repeat(300)}`, '{}');
    assert.equal(long.body?.check, 'flow');
    assert.equal((await send('PUT', '/flows/f1', JSON.stringify({ forge: 'alg-none' }))).status, 204);
    assert.equal((await fetch(admin('/flows/f1'), { method: 'DELETE' })).status, 204);
  });

  it('a back-channel logout order names what is missing: the client, its URI, the session', async () => {
    const down = await recordingServer(() => ({ status: 200 }));
    await op.admin.registerClient(testClient('rp-bcl', { backchannelLogoutUri: `${down.url}/bcl` }));
    const order = (o: object) => send('POST', '/backchannel-logout', JSON.stringify(o));
    assert.match(
      (await order({ clientId: 'rp-bcl' })).body?.error ?? '',
      /\/flow: required property is missing/,
    );
    assert.match(
      (await order({ flow: 'f', clientId: 'ghost' })).body?.error ?? '',
      /no client "ghost" is registered/,
    );
    assert.match(
      (await order({ flow: 'f', clientId: client.clientId })).body?.error ?? '',
      /registered no backchannelLogoutUri/,
    );
    const none = await order({ flow: 'never', clientId: 'rp-bcl' });
    assert.equal(none.body?.check, 'flow');
    assert.match(none.body?.error ?? '', /no ID token was issued to client "rp-bcl" in flow "never"/);
    assert.match(
      (await order({ flow: 'f', clientId: 'rp-bcl', forge: 'x' })).body?.error ?? '',
      /\/forge: must be one of "with-nonce"/,
    );

    // A session in flow "bcl", then a URI that no longer answers: 502 naming the URI.
    const bcl = testClient('rp-bcl');
    const { url, checks } = await authorizationUrl(await discover(op, bcl));
    const callback = await signIn(new CookieBrowser('bcl'), url.href, op.simulator.context.scenario.users[0]);
    await rawTokenRequest(op, bcl, callback.searchParams.get('code') ?? '', checks.verifier);
    assert.equal((await op.admin.backchannelLogout({ flow: 'bcl', clientId: 'rp-bcl' })).status, 200);
    await down.close();
    const gone = await order({ flow: 'bcl', clientId: 'rp-bcl' });
    assert.equal(gone.status, 502);
    assert.equal(gone.body?.check, 'backchannelLogoutUri');
    assert.match(gone.body?.error ?? '', new RegExp(`POST ${down.url}/bcl failed`));
  });

  it('trace filters are checked', async () => {
    const bad = await fetch(admin('/trace?since=abc'));
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { check: string }).check, 'since');
    assert.deepEqual(await op.admin.trace({ flowId: 'no-such-flow' }), []);
  });
});

describe('OP simulator: hostile and broken requests get a 4xx naming the problem, and it keeps serving', () => {
  it('authorization requests the client cannot be told about are error pages naming the parameter', async () => {
    const unknown = await fetch(
      `${op.info.authorizationEndpoint}?client_id=ghost&response_type=code&scope=openid`,
    );
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /data-check="invalid_client"/);
    const noClient = await fetch(`${op.info.authorizationEndpoint}?response_type=code`);
    assert.equal(noClient.status, 400);
    assert.match(await noClient.text(), /missing required parameter .*client_id/);
    const errors = (await op.admin.trace()).filter((e) => e.kind === 'Error');
    assert.ok(errors.some((e) => e.info?.error === 'invalid_client'));
  });

  it('a plain S256-less or wrong PKCE method is refused back to the client', async () => {
    const url = new URL(op.info.authorizationEndpoint);
    for (const [k, v] of Object.entries({
      client_id: client.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'plain',
    }))
      url.searchParams.set(k, v);
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '');
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description') ?? '', /code_challenge_method/);
  });

  it('the token endpoint answers bad grants with OAuth errors, never a 500', async () => {
    const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(op.info.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body),
      });
    const noGrant = await token({ client_id: client.clientId, client_secret: client.clientSecret });
    assert.equal(noGrant.status, 400);
    assert.match(JSON.stringify(await noGrant.json()), /grant_type/);
    const badCode = await token({
      grant_type: 'authorization_code',
      code: 'nope',
      redirect_uri: REDIRECT_URI,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    assert.equal(badCode.status, 400);
    assert.equal(((await badCode.json()) as { error: string }).error, 'invalid_grant');
    const badSecret = await token({
      grant_type: 'authorization_code',
      code: 'nope',
      client_id: client.clientId,
      client_secret: 'wrong',
    });
    assert.equal(badSecret.status, 401);
    const garbage = await token({}, { authorization: 'Basic %%%' });
    assert.equal(garbage.status, 400);
  });

  it('userinfo without a usable token, a lost sign-in, an oversized login form and huge headers', async () => {
    const userinfo = await fetch(op.info.userinfoEndpoint, { headers: { authorization: 'Bearer nope' } });
    assert.equal(userinfo.status, 401);
    assert.match(userinfo.headers.get('www-authenticate') ?? '', /invalid_token/);
    const lost = await fetch(`${op.url}/interaction/no-such-uid`);
    assert.equal(lost.status, 400);
    assert.match(await lost.text(), /data-check="interaction"[\s\S]*start the sign-in again/);
    const big = await fetch(`${op.url}/interaction/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${'a'.repeat(2 * 1024 * 1024)}`,
    });
    assert.equal(big.status, 413);
    const headers = await fetch(`${op.info.discoveryUrl}`, {
      headers: { 'x-big': 'a'.repeat(1_100_000) },
    }).catch((e: Error) => e);
    assert.ok(headers instanceof Error || headers.status === 431);
    assert.equal((await op.admin.health()).ok, true);
  });

  it('a path or method below the issuer that the provider has no route for is a 404 naming the request', async () => {
    for (const [method, url] of [
      ['POST', op.info.discoveryUrl],
      ['GET', `${op.url}/no/such/endpoint`],
      ['DELETE', op.info.tokenEndpoint],
    ]) {
      const res = await fetch(url, { method });
      assert.equal(res.status, 404, `${method} ${url}`);
      const body = await res.text();
      assert.match(body, /data-check="not-found"/);
      assert.ok(body.includes(`${method} ${new URL(url).pathname} is not an endpoint of this OP`), body);
    }
  });

  it("a body over oidc-provider's limit is a 413 naming its size and the limit", async () => {
    const res = await fetch(op.info.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=${'a'.repeat(60_000)}`,
    });
    assert.equal(res.status, 413);
    const body = (await res.json()) as { error: string; error_description: string };
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /\(60011 bytes\) exceeds 57344 bytes/);
  });

  it('a key rotation with query parameters is refused and rotates nothing', async () => {
    const before = await op.admin.keys();
    const res = await fetch(admin('/keys/rotate?kid=mine'), { method: 'POST' });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: 'POST /__accord/keys/rotate takes no query parameters',
      check: 'query',
    });
    assert.deepEqual(await op.admin.keys(), before);
  });
});
