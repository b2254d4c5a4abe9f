import { type KeyObject, randomBytes } from 'node:crypto';
import { CompactSign } from 'jose';
import type { LogoutTokenForgery } from '../admin/oidc-protocol.ts';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface LogoutTokenInput {
  issuer: string;
  /** The client id the token is for. */
  audience: string;
  /** At least one of sub and sid (Back-Channel Logout 1.0 §2.4). */
  sub?: string;
  sid?: string;
  /** Seconds since the epoch; default now. */
  now?: number;
  /** Default two minutes, as oidc-provider issues them. */
  lifetimeSeconds?: number;
}

/**
 * The claims of a logout token (Back-Channel Logout 1.0 §2.4): iss, aud, iat, exp, jti, sub and/or
 * sid, the back-channel logout event, and never a nonce. A forgery breaks exactly one rule:
 * `with-nonce` adds a nonce (§2.4 forbids it), `no-events` drops the event, `other-sid` names a
 * session that is not the one given.
 */
export function logoutTokenClaims(
  input: LogoutTokenInput,
  forgery?: LogoutTokenForgery,
): Record<string, unknown> {
  if (input.sub === undefined && input.sid === undefined) {
    throw new Error('a logout token names a sub, a sid or both');
  }
  const iat = input.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    aud: input.audience,
    iat,
    exp: iat + (input.lifetimeSeconds ?? 120),
    jti: randomBytes(16).toString('base64url'),
    ...(input.sub === undefined ? {} : { sub: input.sub }),
    ...(input.sid === undefined ? {} : { sid: input.sid }),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
  if (forgery === 'with-nonce') claims.nonce = randomBytes(12).toString('base64url');
  if (forgery === 'no-events') delete claims.events;
  if (forgery === 'other-sid') {
    let sid: string;
    do sid = randomBytes(16).toString('base64url');
    while (sid === input.sid);
    claims.sid = sid;
  }
  return claims;
}

/** Signs logout token claims RS256 with the OP key, typed `logout+jwt` as §2.4 recommends. */
export function signLogoutToken(
  claims: Record<string, unknown>,
  key: KeyObject,
  kid: string,
): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'logout+jwt' })
    .sign(key);
}
