import type { OidcForgery } from '../admin/oidc-protocol.ts';

/** Where in a code flow the OP applies a forgery: the one message it changes. */
export type ForgeryStage = 'authorization-response' | 'id-token' | 'userinfo';

const STAGES = {
  'id-token-bad-signature': 'id-token',
  'alg-none': 'id-token',
  'hs256-client-secret': 'id-token',
  'hs256-public-key': 'id-token',
  'unknown-kid': 'id-token',
  'wrong-iss': 'id-token',
  'wrong-aud': 'id-token',
  'extra-aud-no-azp': 'id-token',
  'missing-sub': 'id-token',
  'missing-iat': 'id-token',
  expired: 'id-token',
  'iat-future': 'id-token',
  'nonce-mismatch': 'id-token',
  'nonce-missing': 'id-token',
  'at-hash-wrong': 'id-token',
  'rotated-key': 'id-token',
  'state-mismatch': 'authorization-response',
  'iss-param-mixup': 'authorization-response',
  'userinfo-sub-mismatch': 'userinfo',
} as const satisfies Record<OidcForgery, ForgeryStage>;

export function forgeryStage(forgery: OidcForgery): ForgeryStage {
  return STAGES[forgery];
}

export type IdTokenForgery = {
  [F in OidcForgery]: (typeof STAGES)[F] extends 'id-token' ? F : never;
}[OidcForgery];

export function isIdTokenForgery(forgery: OidcForgery | undefined): forgery is IdTokenForgery {
  return forgery !== undefined && STAGES[forgery] === 'id-token';
}

/** Values the forgeries put in place of the genuine ones: recognisable in a trace, and never this OP's. */
export const FORGED = {
  /** An issuer that is not this OP (wrong-iss, iss-param-mixup). `.invalid` never resolves. */
  issuer: 'https://other-op.invalid',
  /** A client id other than the one the token is for (wrong-aud). */
  audience: 'accord-other-client',
  /** The extra audience no client trusts (extra-aud-no-azp). */
  untrustedAudience: 'accord-untrusted-audience',
  /** How far expired and iat-future move the token's times, in seconds. */
  shiftSeconds: 3600,
} as const;
