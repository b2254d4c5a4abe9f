import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { TestBrowser } from './rp-fixtures/browser.ts';
import { startTestOp, type TestOp, USER } from './rp-fixtures/test-op.ts';

/*
 * The reference SP with an OpenID Connect IdP (seed, "Integrate with OpenID Connect IdP"): the code
 * flow, JIT through the SAML attribute mapping (seed, "Configure Just In Time (JIT) and SAML
 * mapping"), and both logouts, against a small oidc-provider OP.
 */

const IDP = 'corp-oidc';

interface Env {
  sp: RunningSp;
  op: TestOp;
}

async function startEnv(extra: Record<string, unknown> = {}): Promise<Env> {
  const sp = await startSpSimulator({ users: [] });
  const op = await startTestOp({
    redirectUri: `${sp.url}/oidc/callback`,
    postLogoutRedirectUri: `${sp.url}/oidc/logged-out`,
    backchannelLogoutUri: `${sp.url}/oidc/backchannel-logout`,
  });
  const answer = await fetch(`${sp.url}/__accord/oidc-idps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: IDP,
      discoveryUrl: op.discoveryUrl,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      scope: 'openid profile email',
      ...extra,
    }),
  });
  assert.equal(answer.status, 200, await answer.clone().text());
  return { sp, op };
}

const text = (html: string, id: string) =>
  new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1]?.replace(/&amp;/g, '&');

async function signIn(env: Env, browser = new TestBrowser(), relayState?: string) {
  const q = new URLSearchParams({ idp: IDP, ...(relayState ? { RelayState: relayState } : {}) });
  const page = await browser.get(`${env.sp.url}/login?${q}`);
  return { browser, page };
}

describe('reference SP signs in with an OpenID Connect IdP', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(async () => {
    await env.sp.close();
    await env.op.close();
  });

  it('sends a code request with state, nonce and PKCE S256 to the registered redirect URI', async () => {
    const browser = new TestBrowser();
    const first = await browser.get(`${env.sp.url}/login?idp=${IDP}`, () => true);
    const to = new URL(first.location as string);
    assert.equal(to.origin, env.op.issuer);
    const q = to.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), env.op.clientId);
    assert.equal(q.get('redirect_uri'), `${env.sp.url}/oidc/callback`);
    assert.ok(q.get('state') && q.get('nonce'));
    assert.equal(q.get('code_challenge_method'), 'S256');
  });

  it('JIT-creates the user from the claims through the SAML mapping, then updates names and adds groups', async () => {
    env.op.tamper.userinfo = (b) =>
      Object.assign(b, { given_name: 'Alice', family_name: 'First', groups: ['g-one'] });
    const one = await signIn(env, new TestBrowser(), '/me?t=1');
    assert.equal(one.page.url.pathname, '/me');
    assert.equal(one.page.url.search, '?t=1', 'the RelayState is where the sign-in ends');
    assert.equal(text(one.page.text, 'user-email'), USER.email);
    assert.equal(text(one.page.text, 'user-first-name'), 'Alice');
    assert.equal(text(one.page.text, 'user-last-name'), 'First');
    assert.equal(text(one.page.text, 'user-groups'), 'g-one');
    assert.equal(text(one.page.text, 'user-source'), 'jit');
    const claims = await one.browser.get(`${env.sp.url}/oidc/claims`);
    const echoed = JSON.parse(/id="accord-echo">([^<]*)</.exec(claims.text)?.[1] ?? '{}');
    assert.equal(echoed.sub, USER.sub);
    assert.deepEqual(echoed.claims.groups, ['g-one'], 'the claims page shows userinfo merged in');

    env.op.tamper.userinfo = (b) =>
      Object.assign(b, { given_name: 'Alicia', family_name: 'Second', groups: ['g-two'] });
    const two = await signIn(env);
    assert.equal(text(two.page.text, 'user-first-name'), 'Alicia');
    assert.equal(text(two.page.text, 'user-last-name'), 'Second');
    assert.equal(text(two.page.text, 'user-groups'), 'g-one, g-two', 'groups are additive (seed, Table 5)');
    env.op.tamper.userinfo = undefined;
  });

  it('refuses an ID token from another issuer, naming the rule, and signs no one in', async () => {
    env.op.tamper.idToken = (claims) => env.op.sign({ ...claims, iss: 'https://evil.example' });
    try {
      const { browser, page } = await signIn(env);
      assert.equal(page.status, 400);
      assert.match(page.text, /data-check="iss"/);
      assert.equal((await browser.get(`${env.sp.url}/me`)).status, 401);
    } finally {
      env.op.tamper.idToken = undefined;
    }
  });

  it('refuses userinfo whose sub is not the ID token sub', async () => {
    env.op.tamper.userinfo = (b) => Object.assign(b, { sub: 'mallory' });
    try {
      const { page } = await signIn(env);
      assert.equal(page.status, 400);
      assert.match(page.text, /data-check="userinfo-sub"/);
    } finally {
      env.op.tamper.userinfo = undefined;
    }
  });

  it('RP-initiated logout ends the session here and sends the browser to end_session with id_token_hint', async () => {
    const { browser } = await signIn(env);
    const out = await browser.get(`${env.sp.url}/logout`, () => true);
    const to = new URL(out.location as string);
    assert.equal(to.origin, env.op.issuer);
    assert.ok(to.searchParams.get('id_token_hint'));
    assert.equal(to.searchParams.get('post_logout_redirect_uri'), `${env.sp.url}/oidc/logged-out`);
    assert.equal((await browser.get(`${env.sp.url}/me`)).status, 401);
  });

  it('a back-channel logout token ends the session it names; a token with a nonce ends none', async () => {
    const { browser } = await signIn(env);
    const assertion = await browser.get(`${env.sp.url}/me/assertion`);
    const sid = text(assertion.text, 'session-index');
    assert.ok(sid, 'the sign-in kept the sid');
    const token = (more: Record<string, unknown> = {}) =>
      env.op.sign(
        {
          iss: env.op.issuer,
          aud: env.op.clientId,
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + 120,
          jti: crypto.randomUUID(),
          sub: USER.sub,
          sid,
          events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
          ...more,
        },
        { typ: 'logout+jwt' },
      );
    const post = async (t: string) =>
      fetch(`${env.sp.url}/oidc/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: t }),
      });
    const withNonce = await post(await token({ nonce: 'n' }));
    assert.equal(withNonce.status, 400);
    assert.equal((await browser.get(`${env.sp.url}/me`)).status, 200, 'a refused token ends nothing');
    const genuine = await post(await token());
    assert.equal(genuine.status, 200, await genuine.text());
    assert.equal((await browser.get(`${env.sp.url}/me`)).status, 401);
  });
});

describe('per-IdP JIT settings', () => {
  it('with jit.create off, a user the directory lacks is refused with 403 naming why', async () => {
    const env = await startEnv({ jit: { create: false } });
    try {
      const { page } = await signIn(env);
      assert.equal(page.status, 403);
      assert.match(page.text, /uid-unknown/);
    } finally {
      await env.sp.close();
      await env.op.close();
    }
  });
});
