import type { ReceivedJwt, TokenExpectations } from './jwt.ts';
import { accept, type Check, type Rule } from './rule.ts';

type ClaimRule = Rule<ReceivedJwt, TokenExpectations>;
type ClaimCheck = Check<ReceivedJwt, TokenExpectations>;

const shown = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** OIDC Core 3.1.3.7 (2): iss is exactly the OP's issuer identifier. */
export const ISS_RULE: ClaimRule = {
  name: 'iss',
  check: ({ claims }, x) =>
    claims.iss === x.issuer
      ? undefined
      : `iss is ${shown(claims.iss)}, not the issuer ${JSON.stringify(x.issuer)}`,
  weakenedBy: { 'skip-iss': accept },
  libraryEnforces: true,
};

/** OIDC Core 3.1.3.7 (3): aud contains the client_id. */
export const AUD_RULE: ClaimRule = {
  name: 'aud',
  check: ({ claims: { aud } }, x) =>
    (Array.isArray(aud) ? aud.includes(x.clientId) : aud === x.clientId)
      ? undefined
      : `aud is ${shown(aud)}, which does not contain the client_id ${JSON.stringify(x.clientId)}`,
  weakenedBy: { 'skip-aud': accept },
  libraryEnforces: true,
};

/**
 * OIDC Core 3.1.3.7 (3)-(5): audiences beside the client are untrusted unless azp names the client
 * as the party the token was issued to; an azp present must be the client_id.
 */
export const AZP_RULE: ClaimRule = {
  name: 'azp',
  check: ({ claims: { aud, azp } }, x) => {
    const others = (Array.isArray(aud) ? aud : []).filter((a) => a !== x.clientId);
    if (azp !== undefined && azp !== x.clientId)
      return `azp is ${shown(azp)}, not the client_id ${JSON.stringify(x.clientId)}`;
    if (others.length > 0 && azp === undefined)
      return `aud also names ${others.map((a) => JSON.stringify(a)).join(', ')}, and no azp says the token is for this client`;
    return undefined;
  },
  weakenedBy: { 'accept-extra-aud': accept },
  libraryEnforces: true,
};

/** OIDC Core 2: sub is REQUIRED, a non-empty string. */
export const SUB_RULE: ClaimRule = {
  name: 'sub',
  check: ({ claims: { sub } }) =>
    typeof sub === 'string' && sub !== ''
      ? undefined
      : `sub is ${shown(sub)}; an ID token must name its subject`,
  weakenedBy: { 'accept-missing-sub': accept },
  libraryEnforces: true,
};

/** OIDC Core 2: iat is REQUIRED, a NumericDate. */
export const IAT_RULE: ClaimRule = {
  name: 'iat',
  check: ({ claims: { iat } }) =>
    isTime(iat) ? undefined : `iat is ${shown(iat)}; the token must say when it was issued`,
  weakenedBy: { 'accept-missing-iat': accept },
  libraryEnforces: true,
};

/** OIDC Core 3.1.3.7 (9): the current time is before exp, allowing the clock skew. */
export const EXP_RULE: ClaimRule = {
  name: 'exp',
  check: ({ claims: { exp } }, x) => {
    if (!isTime(exp)) return `exp is ${shown(exp)}; the token must say when it expires`;
    return exp > x.now - x.skewSeconds
      ? undefined
      : `expired ${x.now - exp} s ago (exp ${exp}), beyond the ${x.skewSeconds} s clock skew`;
  },
  weakenedBy: { 'skip-exp': accept },
  libraryEnforces: true,
};

/**
 * OIDC Core 3.1.3.7 (10): iat not further ahead than the clock skew. openid-client checks only
 * that iat is a number. A missing iat is the iat rule's to judge.
 */
export const IAT_WINDOW_RULE: ClaimRule = {
  name: 'iat-window',
  check: ({ claims: { iat } }, x) =>
    !isTime(iat) || iat <= x.now + x.skewSeconds
      ? undefined
      : `issued ${iat - x.now} s in the future (iat ${iat}), beyond the ${x.skewSeconds} s clock skew`,
  weakenedBy: { 'skip-iat-window': accept },
};

/** Defect nonce-optional: a nonce is compared when the token carries one, and may be missing. */
const nonceIfPresent: ClaimCheck = (t, x) =>
  t.claims.nonce === undefined ? undefined : NONCE_RULE.check(t, x);

/** OIDC Core 3.1.3.7 (11): when the request carried a nonce, the token carries the same one. */
export const NONCE_RULE: ClaimRule = {
  name: 'nonce',
  check: ({ claims: { nonce } }, x) =>
    x.nonce === undefined || nonce === x.nonce
      ? undefined
      : nonce === undefined
        ? 'the request carried a nonce and the ID token has none'
        : `nonce ${shown(nonce)} is not the one the request carried`,
  weakenedBy: { 'skip-nonce': accept, 'nonce-optional': nonceIfPresent },
  libraryEnforces: true,
};
