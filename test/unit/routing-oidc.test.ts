import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { CookieBrowser } from '../support/cookie-browser.ts';
import { startTestOp, type TestOp } from './rp-fixtures/test-op.ts';

/*
 * Routing rules may route to an OpenID Connect IdP: seed, "We currently support only SAML, OpenID
 * Connect, and Webex Identity as identity providers", and the Routing rules tab.
 */

const OIDC_IDP = 'fabrikam-oidc';
let sp: RunningSp;
let op: TestOp;

before(async () => {
  sp = await startSpSimulator({ users: [], orgId: 'org-routing-oidc' });
  op = await startTestOp({
    redirectUri: `${sp.url}/oidc/callback`,
    postLogoutRedirectUri: `${sp.url}/oidc/logged-out`,
    backchannelLogoutUri: `${sp.url}/oidc/backchannel-logout`,
  });
  const added = await fetch(`${sp.url}/__accord/oidc-idps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: OIDC_IDP,
      discoveryUrl: op.discoveryUrl,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      scope: 'openid profile email',
    }),
  });
  assert.equal(added.status, 200, await added.text());
});
after(async () => {
  await sp.close();
  await op.close();
});

const putRules = (idp: string) =>
  fetch(`${sp.url}/__accord/routing`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      rules: [
        { name: 'Fabrikam', type: 'domain', values: ['fabrikam.test'], idp, priority: 1 },
        { name: 'Default', default: true, idp: 'builtin' },
      ],
    }),
  });

/** Test SSO setup against `idp` through the test OP, to its success page; the browser, for what follows. */
async function testSsoSucceeds(idp: string): Promise<CookieBrowser> {
  const b = new CookieBrowser();
  const callback = `${sp.url}/oidc/callback`;
  const reached = await b.follow(`${sp.url}/test-sso?idp=${idp}`, (u) => u.startsWith(callback));
  assert.ok(reached.url.startsWith(callback), reached.url);
  const answered = await b.get(reached.url);
  assert.equal(answered.status, 200);
  assert.match(await answered.text(), /Test SSO setup succeeded[\s\S]*alice@example\.test/);
  return b;
}

test('the OIDC IdP is one of the organisation IdPs, and a domain rule sends its users to its authorization endpoint', async () => {
  const idps = (await (await fetch(`${sp.url}/__accord/routing/idps`)).json()) as Array<{
    id: string;
    kind: string;
  }>;
  assert.deepEqual(
    idps.find((i) => i.id === OIDC_IDP),
    { id: OIDC_IDP, kind: 'oidc' },
  );
  const put = await putRules(OIDC_IDP);
  assert.equal(put.status, 200, await put.text());
  const res = await fetch(`${sp.url}/signin?email=${encodeURIComponent('pat@fabrikam.test')}`, {
    redirect: 'manual',
  });
  const location = new URL(res.headers.get('location') ?? '', sp.url);
  assert.ok(res.status >= 300 && res.status < 400, `status ${res.status}`);
  assert.equal(location.origin, new URL(op.issuer).origin, location.href);
  assert.equal(location.searchParams.get('client_id'), op.clientId);
  assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
  const other = await fetch(`${sp.url}/signin?email=${encodeURIComponent('kim@elsewhere.test')}`, {
    redirect: 'manual',
  });
  assert.match(other.headers.get('location') ?? '', /\/identity\/login/);
});

test('a rule naming an OIDC IdP the organisation does not hold is refused', async () => {
  const bad = await putRules('no-such-oidc');
  assert.equal(bad.status, 400, await bad.clone().text());
  assert.match(((await bad.json()) as { error: string }).error, /no-such-oidc/);
});

test('Test SSO setup against the OIDC IdP reports success and changes nothing: no session, no user, no rule', async () => {
  const rulesBefore = await (await fetch(`${sp.url}/__accord/routing`)).json();
  const b = await testSsoSucceeds(OIDC_IDP);
  assert.equal((await b.get(`${sp.url}/me`)).status, 401);
  const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{ email: string }>;
  assert.equal(users.filter((u) => u.email === 'alice@example.test').length, 0);
  assert.deepEqual(await (await fetch(`${sp.url}/__accord/routing`)).json(), rulesBefore);
});

test('an OIDC IdP that a rule still routes to cannot be deleted, and can once the rule routes elsewhere', async () => {
  const put = await putRules(OIDC_IDP);
  assert.equal(put.status, 200, await put.text());
  const refused = await fetch(`${sp.url}/__accord/oidc-idps/${OIDC_IDP}`, { method: 'DELETE' });
  assert.equal(refused.status, 409);
  const body = (await refused.json()) as { error: string; code: string };
  assert.equal(body.code, 'idp-has-rules');
  assert.match(body.error, /rules still route to fabrikam-oidc \("Fabrikam"\)/);
  assert.equal(
    (await fetch(`${sp.url}/__accord/oidc-idps/${OIDC_IDP}`)).status,
    200,
    'the IdP is still there',
  );
  const rerouted = await fetch(`${sp.url}/__accord/routing/rules/Fabrikam`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idp: 'builtin' }),
  });
  assert.equal(rerouted.status, 200, await rerouted.text());
  assert.equal((await fetch(`${sp.url}/__accord/oidc-idps/${OIDC_IDP}`, { method: 'DELETE' })).status, 204);
});

test('an OIDC IdP configured by hand (the five endpoints, no discovery URL) signs in through Test SSO', async () => {
  const discovery = (await (await fetch(op.discoveryUrl)).json()) as Record<string, string>;
  const name = 'fabrikam-by-hand';
  const added = await fetch(`${sp.url}/__accord/oidc-idps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      issuer: discovery.issuer,
      authorizationEndpoint: discovery.authorization_endpoint,
      tokenEndpoint: discovery.token_endpoint,
      jwksUri: discovery.jwks_uri,
      userinfoEndpoint: discovery.userinfo_endpoint,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      scope: 'openid profile email',
    }),
  });
  assert.equal(added.status, 200, await added.text());
  await testSsoSucceeds(name);
  // Nothing was fetched from a discovery document: the SP used the endpoints it was given.
  const view = (await (await fetch(`${sp.url}/__accord/oidc-idps/${name}`)).json()) as Record<
    string,
    unknown
  >;
  assert.equal(JSON.stringify(view).includes('.well-known'), false, JSON.stringify(view));
});

test('the home page offers Test SSO setup for every IdP of the organisation, each in a new tab', async () => {
  const home = await (await fetch(`${sp.url}/`)).text();
  for (const id of ['fabrikam-by-hand', 'builtin'])
    assert.match(
      home,
      new RegExp(`<a href="/test-sso\\?idp=${id}" target="_blank" rel="noopener">Test SSO setup</a>`),
    );
  assert.match(home, /<a href="\/signin">/);
});
