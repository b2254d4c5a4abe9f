import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { TestBrowser } from './rp-fixtures/browser.ts';
import { echo, type RpWithOp, signIn, startRpWithOp } from './rp-fixtures/rp-with-op.ts';

/*
 * Back-Channel Logout 1.0: two browsers of the same user are signed in at the RP (two OP sessions,
 * two sids). Logout tokens signed with the OP's key are delivered to the RP as the OP would, and
 * each browser's /me tells which sessions ended.
 */

const EVENT = { 'http://schemas.openid.net/event/backchannel-logout': {} };

interface Signed {
  browser: TestBrowser;
  sub: string;
  sid: string;
}

async function signedIn(env: RpWithOp): Promise<Signed> {
  const { browser } = await signIn(env.rp);
  const { sub, claims } = echo((await browser.get(`${env.rp.url}/me/claims`)).text);
  return { browser, sub: sub as string, sid: claims.sid as string };
}

const isSignedIn = async (env: RpWithOp, s: Signed) =>
  (await s.browser.get(`${env.rp.url}/me`)).status === 200;

function logoutClaims(env: RpWithOp, s: Signed, change: (c: JWTPayload) => void = () => {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const c: JWTPayload = {
    iss: env.op.issuer,
    aud: env.op.clientId,
    iat: now,
    exp: now + 120,
    jti: `jti-${Math.random()}`,
    sub: s.sub,
    sid: s.sid,
    events: EVENT,
  };
  change(c);
  return c;
}

async function deliver(env: RpWithOp, token: string) {
  const response = await fetch(env.rp.info.backchannelLogoutUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
  const text = await response.text();
  return { status: response.status, text, cacheControl: response.headers.get('cache-control') };
}

const sign = (env: RpWithOp, claims: JWTPayload) => env.op.sign(claims, { typ: 'logout+jwt' });

describe('back-channel logout', () => {
  let env: RpWithOp | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  const twoBrowsers = async (defects: string[] = []) => {
    env = await startRpWithOp({ defects });
    const a = await signedIn(env);
    const b = await signedIn(env);
    assert.equal(a.sub, b.sub);
    assert.notEqual(a.sid, b.sid, 'two OP sessions');
    return { env, a, b };
  };

  it('a valid logout token ends exactly the session its sid names, answered 200 no-store', async () => {
    const { env, a, b } = await twoBrowsers();
    const answer = await deliver(env, await sign(env, logoutClaims(env, a)));
    assert.equal(answer.status, 200);
    assert.equal(answer.cacheControl, 'no-store');
    assert.equal(await isSignedIn(env, a), false);
    assert.equal(await isSignedIn(env, b), true);
  });

  it('a token naming the sub alone ends every session of that sub', async () => {
    const { env, a, b } = await twoBrowsers();
    const answer = await deliver(
      env,
      await sign(
        env,
        logoutClaims(env, a, (c) => delete c.sid),
      ),
    );
    assert.equal(answer.status, 200);
    assert.deepEqual([await isSignedIn(env, a), await isSignedIn(env, b)], [false, false]);
  });

  it('a token for another sid ends nothing (answered 200: there is no such session)', async () => {
    const { env, a, b } = await twoBrowsers();
    const answer = await deliver(
      env,
      await sign(
        env,
        logoutClaims(env, a, (c) => Object.assign(c, { sid: 'other' })),
      ),
    );
    assert.equal(answer.status, 200);
    assert.deepEqual([await isSignedIn(env, a), await isSignedIn(env, b)], [true, true]);
  });

  it('tokens with a nonce, without the event, or unsigned by the OP are refused with 400 and end nothing', async () => {
    const { env, a } = await twoBrowsers();
    const attacker = await generateKeyPair('RS256');
    const cases: Array<[string, Promise<string>, RegExp]> = [
      [
        'nonce',
        sign(
          env,
          logoutClaims(env, a, (c) => Object.assign(c, { nonce: 'n' })),
        ),
        /no-nonce/,
      ],
      [
        'no event',
        sign(
          env,
          logoutClaims(env, a, (c) => delete c.events),
        ),
        /events/,
      ],
      [
        'other aud',
        sign(
          env,
          logoutClaims(env, a, (c) => Object.assign(c, { aud: 'other-client' })),
        ),
        /aud/,
      ],
      [
        'expired',
        sign(
          env,
          logoutClaims(env, a, (c) => Object.assign(c, { exp: 1_000_000 })),
        ),
        /exp/,
      ],
      [
        'foreign key',
        new SignJWT(logoutClaims(env, a))
          .setProtectedHeader({ alg: 'RS256', kid: 'x', jwk: await exportJWK(attacker.publicKey) })
          .sign(attacker.privateKey),
        /signature/,
      ],
    ];
    for (const [what, token, message] of cases) {
      const answer = await deliver(env, await token);
      assert.equal(answer.status, 400, what);
      const body = JSON.parse(answer.text) as { error: string; error_description: string };
      assert.equal(body.error, 'invalid_request', what);
      assert.match(body.error_description, message, what);
    }
    assert.equal(await isSignedIn(env, a), true);
  });

  it('malformed deliveries get a 400 naming what is wrong', async () => {
    env = await startRpWithOp();
    const url = env.rp.info.backchannelLogoutUri;
    const post = (body: string, type = 'application/x-www-form-urlencoded') =>
      fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
    const none = await post('');
    assert.equal(none.status, 400);
    assert.match(await none.text(), /logout_token/);
    assert.equal((await post('{"logout_token":"x"}', 'application/json')).status, 400);
    const twice = await post('logout_token=a&logout_token=b');
    assert.equal(twice.status, 400);
    assert.match(await twice.text(), /at most one logout_token/);
    const garbage = await post('logout_token=not.a.jwt');
    assert.equal(garbage.status, 400);
    assert.match(await garbage.text(), /no JWT/);
  });

  it('ignore-backchannel answers 200 and ends nothing', async () => {
    const { env, a } = await twoBrowsers(['ignore-backchannel']);
    assert.equal((await deliver(env, await sign(env, logoutClaims(env, a)))).status, 200);
    assert.equal(await isSignedIn(env, a), true);
  });

  it('bcl-accept-nonce ends the session a token with a nonce names', async () => {
    const { env, a, b } = await twoBrowsers(['bcl-accept-nonce']);
    const token = await sign(
      env,
      logoutClaims(env, a, (c) => Object.assign(c, { nonce: 'n' })),
    );
    assert.equal((await deliver(env, token)).status, 200);
    assert.deepEqual([await isSignedIn(env, a), await isSignedIn(env, b)], [false, true]);
  });

  it('bcl-skip-events ends the session a token without the event names', async () => {
    const { env, a } = await twoBrowsers(['bcl-skip-events']);
    const token = await sign(
      env,
      logoutClaims(env, a, (c) => delete c.events),
    );
    assert.equal((await deliver(env, token)).status, 200);
    assert.equal(await isSignedIn(env, a), false);
  });

  it('bcl-ends-all-sessions ends every session of the sub for a token naming another sid', async () => {
    const { env, a, b } = await twoBrowsers(['bcl-ends-all-sessions']);
    const token = await sign(
      env,
      logoutClaims(env, a, (c) => Object.assign(c, { sid: 'other' })),
    );
    assert.equal((await deliver(env, token)).status, 200);
    assert.deepEqual([await isSignedIn(env, a), await isSignedIn(env, b)], [false, false]);
  });

  it("oidc-provider's own logout token for one browser ends that browser's session at the RP, and only it", async () => {
    const { env, a, b } = await twoBrowsers();
    env.op.seen.backchannel.length = 0;
    // Browser a ends its OP session at the OP itself; the RP learns of it by back channel only.
    const confirm = await a.browser.get(`${env.op.issuer}/session/end`);
    await a.browser.submitForm(confirm.url, confirm.text, { logout: 'yes' });
    assert.deepEqual(env.op.seen.backchannel, [{ ok: true }]);
    assert.equal(await isSignedIn(env, a), false);
    assert.equal(await isSignedIn(env, b), true);
  });
});
