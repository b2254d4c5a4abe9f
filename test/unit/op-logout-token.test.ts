import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { LOGOUT_TOKEN_FORGERIES } from '../../lib/admin/oidc-protocol.ts';
import { BACKCHANNEL_LOGOUT_EVENT, logoutTokenClaims, signLogoutToken } from '../../lib/oidc/logout-token.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const input = {
  issuer: 'http://127.0.0.1:4000',
  audience: 'rp-client',
  sub: 'user-1',
  sid: 'sid-1',
  now: 1_800_000_000,
};

describe('logout tokens (Back-Channel Logout 1.0 §2.4)', () => {
  it('a genuine one carries iss, aud, iat, exp, jti, sub, sid and the event, and no nonce', async () => {
    const token = await signLogoutToken(logoutTokenClaims(input), privateKey, 'k1');
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: 'k1', typ: 'logout+jwt' });
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: input.issuer,
      audience: input.audience,
      typ: 'logout+jwt',
      currentDate: new Date(input.now * 1000),
    });
    assert.deepEqual(Object.keys(payload).sort(), [
      'aud',
      'events',
      'exp',
      'iat',
      'iss',
      'jti',
      'sid',
      'sub',
    ]);
    assert.deepEqual(payload.events, { [BACKCHANNEL_LOGOUT_EVENT]: {} });
    assert.equal(payload.exp, input.now + 120);
    assert.match(String(payload.jti), /^[A-Za-z0-9_-]{22}$/);
  });

  it('names a sub or a sid, and refuses to name neither', () => {
    assert.equal(logoutTokenClaims({ ...input, sub: undefined }).sub, undefined);
    assert.equal(logoutTokenClaims({ ...input, sid: undefined }).sid, undefined);
    assert.throws(
      () => logoutTokenClaims({ ...input, sub: undefined, sid: undefined }),
      /sub, a sid or both/,
    );
  });

  it('each forgery breaks exactly its rule and keeps everything else', () => {
    const genuine = logoutTokenClaims(input);
    const differs = (a: Record<string, unknown>) =>
      [...new Set([...Object.keys(a), ...Object.keys(genuine)])]
        .filter((k) => k !== 'jti' && JSON.stringify(a[k]) !== JSON.stringify(genuine[k]))
        .sort();
    const expected = { 'with-nonce': ['nonce'], 'no-events': ['events'], 'other-sid': ['sid'] };
    for (const f of LOGOUT_TOKEN_FORGERIES) {
      const forged = logoutTokenClaims(input, f);
      assert.deepEqual(differs(forged), expected[f], f);
      if (f === 'with-nonce') assert.equal(typeof forged.nonce, 'string');
      if (f === 'no-events') assert.equal('events' in forged, false);
      if (f === 'other-sid') assert.ok(typeof forged.sid === 'string' && forged.sid !== input.sid);
    }
  });
});
