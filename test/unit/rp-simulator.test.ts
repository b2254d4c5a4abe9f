import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { startRpSimulator } from '../../simulators/rp/index.ts';
import { ORG_ADMIN } from '../../simulators/rp/user.ts';
import { TestBrowser } from './rp-fixtures/browser.ts';
import {
  configureRp,
  echo,
  type RpWithOp,
  refusedRule,
  signIn,
  startRpWithOp,
} from './rp-fixtures/rp-with-op.ts';
import { USER } from './rp-fixtures/test-op.ts';

/** The authentication request the RP sends, read from its /login redirect without following it. */
async function authenticationRequest(env: RpWithOp): Promise<URLSearchParams> {
  const response = await fetch(env.rp.info.loginUrl, { redirect: 'manual' });
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get('location') as string);
  assert.equal(`${location.origin}${location.pathname}`, `${env.op.issuer}/auth`);
  return location.searchParams;
}

describe('admin API', () => {
  let rp: Awaited<ReturnType<typeof startRpSimulator>>;
  before(async () => {
    rp = await startRpSimulator({ name: 'rp-under-test', defects: ['skip-iss'] });
  });
  after(() => rp?.close());

  it('health and info describe the RP and its URLs', async () => {
    const health = await (await fetch(`${rp.url}/__accord/health`)).json();
    assert.deepEqual(health, { ok: true, role: 'rp', name: 'rp-under-test', defects: ['skip-iss'] });
    const info = await (await fetch(`${rp.url}/__accord/info`)).json();
    assert.deepEqual(info, {
      role: 'rp',
      baseUrl: rp.url,
      loginUrl: `${rp.url}/login`,
      redirectUri: `${rp.url}/callback`,
      logoutUrl: `${rp.url}/logout`,
      postLogoutRedirectUri: `${rp.url}/logged-out`,
      backchannelLogoutUri: `${rp.url}/backchannel-logout`,
      meUrl: `${rp.url}/me/claims`,
    });
  });

  it('login before an OP is configured is a clear 409', async () => {
    const response = await fetch(`${rp.url}/login`, { redirect: 'manual' });
    assert.equal(response.status, 409);
    assert.match(await response.text(), /POST its settings/);
  });

  it('bad OP settings are refused with 400 naming the field; the RP keeps serving', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ discoveryUrl: 'https://op.test', clientId: 'c' }, /\/clientSecret: required/],
      [
        { discoveryUrl: 'ftp://op.test', clientId: 'c', clientSecret: 's' },
        /\/discoveryUrl: "ftp:\/\/op.test" does not match/,
      ],
      [
        { issuer: 'https://op.test', clientId: 'c', clientSecret: 's' },
        /authorizationEndpoint, tokenEndpoint, jwksUri/,
      ],
      [
        { discoveryUrl: 'https://op.test', issuer: 'https://op.test', clientId: 'c', clientSecret: 's' },
        /not both/,
      ],
      [{ clientId: 'c', clientSecret: 's' }, /\/discoveryUrl: required/],
      [
        { discoveryUrl: 'https://op.test', clientId: 'c', clientSecret: 's', scope: 'email' },
        /\/scope: .*openid/,
      ],
      [
        {
          discoveryUrl: 'https://op.test',
          clientId: 'c',
          clientSecret: 's',
          tokenEndpointAuthMethod: 'none',
        },
        /\/tokenEndpointAuthMethod: must be one of/,
      ],
      [
        { discoveryUrl: 'https://op.test', clientId: 'c', clientSecret: 's', clientSecrt: 'x' },
        /unknown property "clientSecrt" \(did you mean "clientSecret"\?\)/,
      ],
      [[1, 2], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const response = await configureRp(rp, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(((await response.json()) as { error: string }).error, message);
    }
    const text = await fetch(`${rp.url}/__accord/op`, {
      method: 'POST',
      body: 'discoveryUrl=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(text.status, 400);
    const broken = await fetch(`${rp.url}/__accord/op`, {
      method: 'POST',
      body: '{"clientId":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(broken.status, 400);
    assert.equal((await fetch(`${rp.url}/__accord/health`)).status, 200);
  });

  it('unknown defects are a startup error naming them', async () => {
    await assert.rejects(
      startRpSimulator({ defects: ['skip-everything'] }),
      /unknown defect "skip-everything"/,
    );
  });
});

describe('a genuine sign-in (discovery, client_secret_basic)', () => {
  let env: RpWithOp;
  before(async () => {
    env = await startRpWithOp();
  });
  after(() => env?.close());

  it('sends an authorization code request bound by state, nonce and PKCE S256', async () => {
    const q = await authenticationRequest(env);
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), env.op.clientId);
    assert.equal(q.get('redirect_uri'), env.rp.info.redirectUri);
    assert.ok(q.get('scope')?.split(' ').includes('openid'));
    assert.ok((q.get('state') ?? '').length >= 22, 'an unguessable state');
    assert.ok((q.get('nonce') ?? '').length >= 22, 'an unguessable nonce');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
  });

  it('signs the user in: /me shows their email and name, the claims page the merged claims', async () => {
    const { browser, page } = await signIn(env.rp);
    assert.equal(page.url.pathname, '/me');
    assert.match(page.text, /alice@example\.test/);
    assert.match(page.text, /Alice Example/);
    const claims = echo((await browser.get(`${env.rp.url}/me/claims`)).text);
    assert.equal(claims.sub, USER.sub);
    assert.equal(claims.claims.email, USER.email, 'from userinfo');
    assert.equal(claims.claims.name, USER.name, 'from userinfo');
    assert.equal(claims.claims.iss, env.op.issuer, 'from the ID token');
  });

  it('authenticates at the token endpoint with HTTP Basic and sends the code_verifier; userinfo gets a bearer header', async () => {
    env.op.seen.tokenRequests.length = 0;
    env.op.seen.userinfoRequests.length = 0;
    await signIn(env.rp);
    const [token] = env.op.seen.tokenRequests;
    assert.match(token?.authorization ?? '', /^Basic /);
    const body = new URLSearchParams(token?.body);
    assert.equal(body.get('client_secret'), null);
    assert.match(body.get('code_verifier') ?? '', /^[A-Za-z0-9_-]{43,128}$/);
    const [userinfo] = env.op.seen.userinfoRequests;
    assert.equal(userinfo?.method, 'GET');
    assert.match(userinfo?.authorization ?? '', /^Bearer /);
  });

  it('the trace holds the request, the response, the decoded ID token and the sign-in', async () => {
    const before = (await (await fetch(`${env.rp.url}/__accord/trace`)).json()) as Array<{ seq: number }>;
    const since = before.at(-1)?.seq ?? 0;
    await signIn(env.rp);
    const entries = (await (await fetch(`${env.rp.url}/__accord/trace?since=${since}`)).json()) as Array<{
      kind: string;
      decoded?: string;
    }>;
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['AuthenticationRequest', 'AuthenticationResponse', 'IdToken', 'SignedIn'],
    );
    assert.equal(JSON.parse(entries[2]?.decoded ?? '{}').claims.sub, USER.sub);
    assert.equal((await fetch(`${env.rp.url}/__accord/trace?since=x`)).status, 400);
  });

  it('a callback replayed after the sign-in is refused: its request was answered', async () => {
    const { browser } = await signIn(env.rp);
    const callback = browser.hops.find((h) => h.startsWith(env.rp.info.redirectUri)) as string;
    const again = await browser.get(callback);
    assert.equal(again.status, 400);
    assert.equal(refusedRule(again.text), 'state');
  });

  it('hostile or stray callbacks get a 4xx naming the parameter or rule, never a sign-in', async () => {
    const b = new TestBrowser();
    const repeated = await b.get(`${env.rp.url}/callback?code=a&code=b&state=s`);
    assert.equal(repeated.status, 400);
    assert.match(repeated.text, /code parameter/);
    const stray = await b.get(`${env.rp.url}/callback?code=a&state=s`);
    assert.equal(stray.status, 400);
    assert.equal(refusedRule(stray.text), 'state');
    const huge = await b.get(`${env.rp.url}/callback?code=${'a'.repeat(9000)}`);
    assert.equal(huge.status, 400);
    assert.equal((await b.get(`${env.rp.url}/me`)).status, 401);
    assert.equal((await b.get(`${env.rp.url}/me/claims`)).status, 401);
  });

  it('an error response from the OP is shown naming it', async () => {
    const b = new TestBrowser();
    const start = await b.get(env.rp.info.loginUrl, (u) => u.origin === env.op.issuer);
    const state = new URL(start.location as string).searchParams.get('state');
    const page = await b.get(
      `${env.rp.url}/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(env.op.issuer)}`,
    );
    assert.equal(page.status, 400);
    assert.equal(refusedRule(page.text), 'authorization-error');
  });
});

describe('OP settings by hand, client_secret_post', () => {
  it('signs in with the endpoints typed in and the secret in the token request body', async () => {
    const env = await startRpWithOp({
      authMethod: 'client_secret_post',
      settings: (op) => ({
        issuer: op.issuer,
        authorizationEndpoint: `${op.issuer}/auth`,
        tokenEndpoint: `${op.issuer}/token`,
        jwksUri: `${op.issuer}/jwks`,
        userinfoEndpoint: `${op.issuer}/me`,
        endSessionEndpoint: `${op.issuer}/session/end`,
      }),
    });
    try {
      const { page } = await signIn(env.rp);
      assert.equal(page.url.pathname, '/me');
      const [token] = env.op.seen.tokenRequests;
      assert.equal(token?.authorization, undefined);
      assert.equal(new URLSearchParams(token?.body).get('client_secret'), env.op.clientSecret);
    } finally {
      await env.close();
    }
  });
});

describe('seeded defects seen in the requests and pages', () => {
  const withDefect = async (defect: string, body: (env: RpWithOp) => Promise<void>) => {
    const env = await startRpWithOp({ defects: [defect] });
    try {
      await body(env);
    } finally {
      await env.close();
    }
  };

  it('no-state: no state, still signs in', () =>
    withDefect('no-state', async (env) => {
      const q = await authenticationRequest(env);
      assert.equal(q.get('state'), null);
      assert.ok(q.get('nonce') && q.get('code_challenge'));
      assert.equal((await signIn(env.rp)).page.url.pathname, '/me');
    }));

  it('no-pkce: no code_challenge and no code_verifier, still signs in', () =>
    withDefect('no-pkce', async (env) => {
      const q = await authenticationRequest(env);
      assert.equal(q.get('code_challenge'), null);
      assert.ok(q.get('state') && q.get('nonce'));
      assert.equal((await signIn(env.rp)).page.url.pathname, '/me');
      assert.equal(new URLSearchParams(env.op.seen.tokenRequests[0]?.body).get('code_verifier'), null);
    }));

  it('no-csrf-binding: neither state, nonce nor PKCE, still signs in', () =>
    withDefect('no-csrf-binding', async (env) => {
      const q = await authenticationRequest(env);
      assert.deepEqual([q.get('state'), q.get('nonce'), q.get('code_challenge')], [null, null, null]);
      assert.equal((await signIn(env.rp)).page.url.pathname, '/me');
    }));

  it('unregistered-redirect: a redirect_uri the OP does not know, which it refuses', () =>
    withDefect('unregistered-redirect', async (env) => {
      const q = await authenticationRequest(env);
      assert.notEqual(q.get('redirect_uri'), env.rp.info.redirectUri);
      assert.ok(q.get('redirect_uri')?.startsWith(env.rp.info.redirectUri));
      const { page } = await signIn(env.rp);
      assert.equal(page.url.origin, env.op.issuer, 'the OP shows its own error page');
      assert.equal(page.status, 400);
    }));

  it('wrong-response-type: response_type=token, and no sign-in', () =>
    withDefect('wrong-response-type', async (env) => {
      assert.equal((await authenticationRequest(env)).get('response_type'), 'token');
      const { browser } = await signIn(env.rp);
      assert.equal((await browser.get(`${env.rp.url}/me`)).status, 401);
    }));

  it('wrong-auth-method: client_secret_post when registered basic (oidc-provider takes it)', () =>
    withDefect('wrong-auth-method', async (env) => {
      assert.equal((await signIn(env.rp)).page.url.pathname, '/me');
      const [token] = env.op.seen.tokenRequests;
      assert.equal(token?.authorization, undefined);
      assert.equal(new URLSearchParams(token?.body).get('client_secret'), env.op.clientSecret);
    }));

  it('a token request the OP refuses is an error page naming the step, not a sign-in', async () => {
    const env = await startRpWithOp({
      settings: (op) => ({ discoveryUrl: op.discoveryUrl, clientSecret: 'not-the-registered-secret' }),
    });
    try {
      const { browser, page } = await signIn(env.rp);
      assert.equal(page.status, 400);
      assert.equal(refusedRule(page.text), 'token-request');
      assert.match(page.text, /invalid_client/);
      assert.equal((await browser.get(`${env.rp.url}/me`)).status, 401);
    } finally {
      await env.close();
    }
  });

  it('wrong-user: the organization administrator is signed in instead', () =>
    withDefect('wrong-user', async (env) => {
      const { page } = await signIn(env.rp);
      assert.equal(page.url.pathname, '/me');
      assert.match(page.text, new RegExp(ORG_ADMIN.email as string));
      assert.doesNotMatch(page.text, /alice@example\.test/);
    }));

  it('drops-claims: the claims page has the ID token claims only; /me still shows the user', () =>
    withDefect('drops-claims', async (env) => {
      const { browser, page } = await signIn(env.rp);
      assert.match(page.text, /alice@example\.test/);
      const claims = echo((await browser.get(`${env.rp.url}/me/claims`)).text);
      assert.equal(claims.sub, USER.sub);
      assert.equal(claims.claims.email, undefined);
      assert.equal(claims.claims.iss, env.op.issuer);
    }));

  it('userinfo-token-in-body: userinfo by POST with access_token in the body', () =>
    withDefect('userinfo-token-in-body', async (env) => {
      assert.equal((await signIn(env.rp)).page.url.pathname, '/me');
      const [userinfo] = env.op.seen.userinfoRequests;
      assert.equal(userinfo?.method, 'POST');
      assert.equal(userinfo?.authorization, undefined);
      assert.ok(new URLSearchParams(userinfo?.body).get('access_token'));
    }));
});

describe('RP-initiated logout', () => {
  let env: RpWithOp;
  before(async () => {
    env = await startRpWithOp();
  });
  after(() => env?.close());

  it('ends the local session and sends the browser to end_session with id_token_hint, the post-logout URI and state', async () => {
    const { browser } = await signIn(env.rp);
    const claims = echo((await browser.get(`${env.rp.url}/me/claims`)).text);
    const out = await browser.get(env.rp.info.logoutUrl, (u) => u.origin === env.op.issuer);
    const to = new URL(out.location as string);
    assert.equal(`${to.origin}${to.pathname}`, `${env.op.issuer}/session/end`);
    const hint = to.searchParams.get('id_token_hint') as string;
    assert.equal(decodeJwt(hint).sid, claims.claims.sid, 'the ID token of this session');
    assert.equal(to.searchParams.get('post_logout_redirect_uri'), env.rp.info.postLogoutRedirectUri);
    assert.equal(to.searchParams.get('client_id'), env.op.clientId);
    assert.ok(to.searchParams.get('state'));
    assert.equal((await browser.get(`${env.rp.url}/me`)).status, 401, 'the local session ended first');
  });

  it('the OP confirms, tells the RP by back channel, and the browser lands on the signed-out page', async () => {
    const { browser } = await signIn(env.rp);
    env.op.seen.backchannel.length = 0;
    const confirm = await browser.get(env.rp.info.logoutUrl);
    assert.equal(confirm.url.origin, env.op.issuer);
    const landed = await browser.submitForm(confirm.url, confirm.text, { logout: 'yes' });
    assert.equal(landed.url.href.split('?')[0], env.rp.info.postLogoutRedirectUri);
    assert.match(landed.text, /signed out/);
    assert.deepEqual(env.op.seen.backchannel, [{ ok: true }], 'the RP answered the logout token 200');
  });

  const logoutWith = async (defect: string) => {
    const other = await startRpWithOp({ defects: [defect] });
    try {
      const { browser } = await signIn(other.rp);
      const out = await browser.get(other.rp.info.logoutUrl, () => true);
      assert.equal((await browser.get(`${other.rp.url}/me`)).status, 401, 'the local session ended');
      return { to: new URL(out.location as string, other.rp.url), rp: other.rp, op: other.op };
    } finally {
      await other.close();
    }
  };

  it('logout-local-only never sends the browser to the OP', async () => {
    const { to, rp } = await logoutWith('logout-local-only');
    assert.equal(to.href, rp.info.postLogoutRedirectUri);
  });

  it('logout-no-hint sends it to end_session without id_token_hint', async () => {
    const { to, op } = await logoutWith('logout-no-hint');
    assert.equal(`${to.origin}${to.pathname}`, `${op.issuer}/session/end`);
    assert.equal(to.searchParams.get('id_token_hint'), null);
    assert.equal(to.searchParams.get('client_id'), op.clientId);
  });
});
