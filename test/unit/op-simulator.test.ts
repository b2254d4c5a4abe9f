import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oc from 'openid-client';
import { basicAuthorization } from '../../lib/oidc/client-secret-basic.ts';
import { BACKCHANNEL_LOGOUT_EVENT } from '../../lib/oidc/logout-token.ts';
import { registerDynamically } from '../../lib/protocol/oidc/dynamic-registration.ts';
import { renderSequenceSvg } from '../../lib/trace/sequence-diagram.ts';
import { CookieBrowser } from '../support/cookie-browser.ts';
import {
  authorizationUrl,
  discover,
  POST_LOGOUT_URI,
  readForm,
  signIn,
  startTestOp,
  testClient,
} from '../support/op-flow.ts';
import { recordingServer } from '../support/recording-server.ts';

const backchannel = await recordingServer(() => ({ status: 200 }));
after(() => backchannel.close());
const basic = testClient('rp-basic', { backchannelLogoutUri: `${backchannel.url}/backchannel` });
const post = testClient('rp-post', { tokenEndpointAuthMethod: 'client_secret_post' });
const op = await startTestOp('generic-oidc', [basic, post]);
const { users } = op.simulator.context.scenario;
const jwks = async () => createLocalJWKSet(await (await fetch(op.info.jwksUri)).json());

describe('OP simulator: a genuine code flow with PKCE, driven by openid-client', () => {
  for (const client of [basic, post]) {
    it(`${client.tokenEndpointAuthMethod}: discovery, authorize, login, token, userinfo`, async () => {
      const flow = `genuine-${client.clientId}`;
      const config = await discover(op, client);
      assert.equal(config.serverMetadata().issuer, op.info.issuer);
      assert.deepEqual(config.serverMetadata().code_challenge_methods_supported, ['S256']);
      assert.equal(config.serverMetadata().authorization_response_iss_parameter_supported, true);
      const { url, checks } = await authorizationUrl(config);
      const callback = await signIn(new CookieBrowser(flow), url.href, users[0]);
      assert.equal(callback.searchParams.get('iss'), op.info.issuer, 'RFC 9207 iss in the response');

      const tokens = await oc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      assert.equal(claims?.sub, op.simulator.context.subjectOf(users[0]));
      // The standards-only OP returns the scope claims from userinfo, not in the ID token (Core 5.4).
      assert.equal(claims?.email, undefined);
      const { protectedHeader } = await jwtVerify(tokens.id_token ?? '', await jwks(), {
        issuer: op.info.issuer,
        audience: client.clientId,
      });
      assert.equal(protectedHeader.kid, (await op.admin.keys()).current);

      const userinfo = await oc.fetchUserInfo(config, tokens.access_token, claims?.sub ?? '');
      assert.equal(userinfo.preferred_username, users[0].username);
      assert.equal(userinfo.email, users[0].email);
      assert.deepEqual(userinfo.groups, users[0].groups);
      assert.equal(userinfo.family_name, users[0].lastName);

      const trace = await op.admin.trace({ flowId: flow });
      assert.deepEqual(
        trace.map((e) => e.kind),
        [
          'AuthorizationRequest',
          'Login',
          'AuthorizationResponse',
          'TokenRequest',
          'TokenResponse',
          'UserinfoRequest',
          'UserinfoResponse',
        ],
      );
      const request = trace[0].info as { params: Record<string, string>; registeredRedirectUri: boolean };
      assert.equal(request.params.code_challenge_method, 'S256');
      assert.equal(request.params.nonce, checks.nonce);
      assert.equal(request.registeredRedirectUri, true);
      const tokenRequest = trace[3].info as Record<string, unknown>;
      assert.equal(tokenRequest.clientAuthentication, client.tokenEndpointAuthMethod);
      assert.equal(tokenRequest.codeVerifier, true);
      const response = trace[4].info as {
        idToken: { claims: Record<string, unknown>; signature: { status: string } };
      };
      assert.equal(response.idToken.signature.status, 'valid');
      assert.equal(response.idToken.claims.nonce, checks.nonce);
      assert.equal((trace[5].info as { accessToken: string }).accessToken, 'header');
      const svg = renderSequenceSvg(trace);
      for (const actor of ['RP', 'OP', 'Browser']) assert.ok(svg.includes(`>${actor}</text>`), actor);
    });
  }

  it('a browser with a session is answered at once; a wrong password gets the form again with 401', async () => {
    const config = await discover(op, basic);
    const browser = new CookieBrowser('session-reuse');
    await signIn(browser, (await authorizationUrl(config)).url.href, users[1]);
    const again = await signIn(browser, (await authorizationUrl(config)).url.href);
    assert.ok(again.searchParams.get('code'));

    const fresh = new CookieBrowser();
    const page = await fresh.follow((await authorizationUrl(config)).url.href, () => false);
    const res = await fresh.post(page.url, { username: users[1].username, password: 'wrong' });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /id="login-error"[^>]*>Incorrect user name or password/);
  });

  it('RP-initiated logout ends the OP session, back-channel logout tokens reach the client', async () => {
    const flow = 'logout';
    const config = await discover(op, basic);
    const browser = new CookieBrowser(flow);
    const { url, checks } = await authorizationUrl(config);
    const tokens = await oc.authorizationCodeGrant(config, await signIn(browser, url.href, users[0]), {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
    });
    const sid = tokens.claims()?.sid;
    assert.equal(typeof sid, 'string', 'a client with a back-channel URI gets sid in its ID tokens');

    // The admin API's logout token, for the session of that flow.
    const ordered = await op.admin.backchannelLogout({ flow, clientId: basic.clientId });
    assert.equal(ordered.status, 200);
    assert.equal(ordered.url, basic.backchannelLogoutUri);
    const { payload } = await jwtVerify(ordered.logoutToken, await jwks(), {
      issuer: op.info.issuer,
      audience: basic.clientId,
      typ: 'logout+jwt',
    });
    assert.equal(payload.sid, sid);
    assert.equal(payload.sub, tokens.claims()?.sub);
    assert.deepEqual(payload.events, { [BACKCHANNEL_LOGOUT_EVENT]: {} });
    assert.equal(
      backchannel.requests.at(-1)?.body,
      new URLSearchParams({ logout_token: ordered.logoutToken }).toString(),
    );

    // RP-initiated logout: the OP's page submits itself; the OP ends the session and notifies the client.
    const before = backchannel.requests.length;
    const endUrl = oc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'bye',
    });
    const confirm = await browser.get(endUrl.href);
    assert.equal(confirm.status, 200);
    const form = readForm(await confirm.text(), endUrl.href);
    assert.equal(form.fields.logout, 'yes');
    const ended = await browser.post(form.action, form.fields);
    assert.equal(ended.status, 303);
    assert.equal(ended.headers.get('location'), `${POST_LOGOUT_URI}?state=bye`);
    const sent = backchannel.requests.slice(before);
    assert.equal(sent.length, 1, 'the provider sent the client a logout token');
    const token = new URLSearchParams(sent[0].body).get('logout_token') ?? '';
    assert.equal(decodeJwt(token).sid, sid);

    const kinds = (await op.admin.trace({ flowId: flow })).map((e) => e.kind);
    for (const k of ['EndSessionRequest', 'EndSessionResponse', 'LogoutToken'])
      assert.ok(kinds.includes(k), k);
    const hint = (await op.admin.trace({ flowId: flow })).find((e) => e.kind === 'EndSessionRequest')
      ?.info as {
      idTokenHint: { signature: { status: string } };
    };
    assert.equal(hint.idTokenHint.signature.status, 'valid');

    // The OP session is gone: the next authorization shows the login page again.
    const next = await browser.follow((await authorizationUrl(config)).url.href, () => false);
    assert.match((await next.res?.text()) ?? '', /id="loginForm"/);
  });

  it('serves a discovery document at <issuer>/mismatch whose issuer is the genuine one, and says so', async () => {
    const doc = (await (await fetch(op.info.mismatchedDiscoveryUrl)).json()) as Record<string, string>;
    assert.equal(doc.issuer, op.info.issuer);
    assert.equal(doc.token_endpoint, op.info.tokenEndpoint);
    await assert.rejects(
      oc.discovery(new URL(`${op.info.issuer}/mismatch`), basic.clientId, basic.clientSecret, undefined, {
        execute: [oc.allowInsecureRequests],
      }),
      /issuer/,
      'openid-client refuses it (Discovery 4.3)',
    );
    const entry = (await op.admin.trace()).filter((e) => e.kind === 'Discovery').at(-1);
    assert.equal(entry?.info?.mismatched, true);
  });
});

const rp = testClient('entra-rp');
const entra = await startTestOp('entra-oidc', [rp]);
const scenario = entra.simulator.context.scenario;

describe('OP simulator: Dynamic Client Registration (RFC 7591)', () => {
  it('registers a client at its registration_endpoint; the credentials it issues authenticate', async () => {
    const discovery = (await (await fetch(op.info.discoveryUrl)).json()) as Record<string, unknown>;
    const issued = await registerDynamically(String(discovery.registration_endpoint), {
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: ['https://rp.accord.invalid/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    assert.equal(issued.tokenEndpointAuthMethod, 'client_secret_basic');
    // Authenticated, the client reaches the grant: an unknown refresh token is invalid_grant, not invalid_client.
    const token = await fetch(op.info.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuthorization(issued.id, issued.secret),
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'unknown' }),
    });
    assert.equal(((await token.json()) as { error?: string }).error, 'invalid_grant');
  });
});

describe('OP simulator: the Entra ID v2.0 shape', () => {
  it('issuer <base>/<tenant>/v2.0, tid/oid/ver claims, kid = x5t with x5c in the JWKS', async () => {
    assert.equal(entra.info.issuer, `${entra.url}/${scenario.op.tenantId}/v2.0`);
    const jwksDoc = (await (await fetch(entra.info.jwksUri)).json()) as { keys: Record<string, unknown>[] };
    assert.equal(jwksDoc.keys.length, 2);
    for (const k of jwksDoc.keys) {
      assert.equal(k.kid, k.x5t);
      assert.ok(Array.isArray(k.x5c));
    }
    const config = await discover(entra, rp);
    assert.equal(
      config.serverMetadata().registration_endpoint,
      undefined,
      'Entra ID offers no RFC 7591 registration',
    );
    const { url, checks } = await authorizationUrl(config);
    const user = scenario.users[0];
    const tokens = await oc.authorizationCodeGrant(
      config,
      await signIn(new CookieBrowser(), url.href, user),
      {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
      },
    );
    const c = tokens.claims();
    assert.equal(c?.ver, '2.0');
    assert.equal(c?.tid, scenario.op.tenantId);
    assert.equal(c?.oid, user.objectId);
    assert.equal(c?.preferred_username, user.upn);
    assert.deepEqual(c?.groups, user.groups);
    assert.match(String(c?.sub), /^[A-Za-z0-9_-]{43}$/);
  });

  it('past the groups limit: the overage form, and its endpoint lists the groups to the bearer', async () => {
    const limit = scenario.op.groupsLimit ?? 0;
    const user = scenario.users.find((u) => u.groups.length > limit);
    assert.ok(user);
    const config = await discover(entra, rp);
    const { url, checks } = await authorizationUrl(config);
    const tokens = await oc.authorizationCodeGrant(
      config,
      await signIn(new CookieBrowser(), url.href, user),
      {
        pkceCodeVerifier: checks.verifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
      },
    );
    const c = tokens.claims() as Record<string, unknown>;
    assert.equal(c.groups, undefined);
    assert.deepEqual(c._claim_names, { groups: 'src1' });
    const endpoint = (c._claim_sources as { src1: { endpoint: string } }).src1.endpoint;
    assert.equal(endpoint, `${entra.info.issuer}/users/${user.objectId}/getMemberObjects`);
    const listed = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.deepEqual(await listed.json(), { value: user.groups });
    assert.equal((await fetch(endpoint, { method: 'POST' })).status, 401);
  });
});
