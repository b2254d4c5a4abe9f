import type { OidcForgery } from '../../../lib/admin/oidc-protocol.ts';
import type { RpCheckId } from '../../../lib/checks/catalog.ts';

/** Where the OP puts a forgery: what it answers the browser, the token request, or the userinfo request. */
export type ForgeryStage = 'authorization-response' | 'id-token' | 'userinfo';

/** One misbehaviour of the OP, and the check that judges how the target takes it. */
export interface Forgery {
  check: RpCheckId;
  forge: OidcForgery;
  stage: ForgeryStage;
  /** What the target was sent, in words a vendor can act on. */
  what: string;
  /** The check applies only if the authentication request carried this parameter. */
  needs?: 'nonce' | 'state';
}

/** Every forgery the security suite sends. */
export const FORGERIES: readonly Forgery[] = [
  {
    check: 'RP-IDT-SIG',
    forge: 'id-token-bad-signature',
    stage: 'id-token',
    what: 'an ID token whose RS256 signature does not verify',
  },
  {
    check: 'RP-IDT-ALG-NONE',
    forge: 'alg-none',
    stage: 'id-token',
    what: 'an unsigned ID token (alg "none")',
  },
  {
    check: 'RP-IDT-HS256-SECRET',
    forge: 'hs256-client-secret',
    stage: 'id-token',
    what: 'an ID token MACed with HS256 and the client secret',
  },
  {
    check: 'RP-IDT-ALG-CONFUSION',
    forge: 'hs256-public-key',
    stage: 'id-token',
    what: "an ID token MACed with HS256 keyed by the OP's public key",
  },
  {
    check: 'RP-IDT-UNKNOWN-KID',
    forge: 'unknown-kid',
    stage: 'id-token',
    what: 'an ID token signed by a key the OP never published (its own key in the jwk header)',
  },
  {
    check: 'RP-IDT-ISS',
    forge: 'wrong-iss',
    stage: 'id-token',
    what: 'an ID token whose iss names another issuer',
  },
  {
    check: 'RP-IDT-AUD',
    forge: 'wrong-aud',
    stage: 'id-token',
    what: 'an ID token whose aud is another client',
  },
  {
    check: 'RP-IDT-AZP',
    forge: 'extra-aud-no-azp',
    stage: 'id-token',
    what: 'an ID token with an extra, untrusted audience and no azp',
  },
  { check: 'RP-IDT-SUB', forge: 'missing-sub', stage: 'id-token', what: 'an ID token without sub' },
  { check: 'RP-IDT-IAT', forge: 'missing-iat', stage: 'id-token', what: 'an ID token without iat' },
  { check: 'RP-IDT-EXP', forge: 'expired', stage: 'id-token', what: 'an ID token that expired an hour ago' },
  {
    check: 'RP-IDT-IAT-FUTURE',
    forge: 'iat-future',
    stage: 'id-token',
    what: 'an ID token issued an hour in the future',
  },
  {
    check: 'RP-IDT-NONCE',
    forge: 'nonce-mismatch',
    stage: 'id-token',
    what: 'an ID token whose nonce is not the one the request carried',
    needs: 'nonce',
  },
  {
    check: 'RP-IDT-NONCE-MISSING',
    forge: 'nonce-missing',
    stage: 'id-token',
    what: 'an ID token without the nonce the request carried',
    needs: 'nonce',
  },
  {
    check: 'RP-STATE-MISMATCH',
    forge: 'state-mismatch',
    stage: 'authorization-response',
    what: 'an authorization response whose state is not the one the request carried',
    needs: 'state',
  },
  {
    check: 'RP-ISS-MIXUP',
    forge: 'iss-param-mixup',
    stage: 'authorization-response',
    what: 'an authorization response whose iss parameter names another issuer (RFC 9207)',
  },
  {
    check: 'RP-USERINFO-SUB',
    forge: 'userinfo-sub-mismatch',
    stage: 'userinfo',
    what: "a userinfo response whose sub is not the ID token's",
  },
];

const SIGNATURE_FORGERIES = new Set<RpCheckId>([
  'RP-IDT-SIG',
  'RP-IDT-ALG-NONE',
  'RP-IDT-HS256-SECRET',
  'RP-IDT-ALG-CONFUSION',
  'RP-IDT-UNKNOWN-KID',
]);

/**
 * The forgeries as the suite's tests take them: a test per kind of forgery, each forgery a flow of
 * its own inside it, so that one control login serves the refusals of a whole test.
 */
export const FORGERY_GROUPS: ReadonlyArray<{ title: string; forgeries: readonly Forgery[] }> = [
  {
    title: 'refuses ID tokens whose signature is broken, missing, or made with the wrong key or algorithm',
    forgeries: FORGERIES.filter((f) => SIGNATURE_FORGERIES.has(f.check)),
  },
  {
    title: 'refuses ID tokens whose claims are wrong, missing, stale or not yet valid',
    forgeries: FORGERIES.filter((f) => f.stage === 'id-token' && !SIGNATURE_FORGERIES.has(f.check)),
  },
  {
    title: 'refuses forged authorization responses and userinfo answers',
    forgeries: FORGERIES.filter((f) => f.stage !== 'id-token'),
  },
];
