import type { CheckId } from '../../lib/checks/catalog.ts';
import type { SeededDefect } from '../../lib/checks/seeded-defect.ts';

const SIGN_IN_BROKEN = (why: string) =>
  ({
    checks: ['RP-SSO-01'],
    as: 'unjudgeable',
    why: `the OP refuses ${why}, so no genuine sign-in completes and the control cannot pass`,
  }) as const satisfies SeededDefect['alsoFails'];

const SIGNATURE_ATTACKS: CheckId[] = [
  'RP-IDT-ALG-NONE',
  'RP-IDT-HS256-SECRET',
  'RP-IDT-ALG-CONFUSION',
  'RP-IDT-UNKNOWN-KID',
];

/**
 * Opt-in defects of the reference RP, one per RP check. Each must make its check fail when the RP
 * suite probes it from outside, and the clean RP must pass that check: the self-test matrix
 * iterates over this list. Where a defect weakens a validation rule, the rule tables in rules/
 * name it next to the rule it weakens.
 */
export const RP_DEFECTS = [
  {
    name: 'no-state',
    description: 'sends authentication requests without state',
    check: 'RP-AUTHZ-STATE',
  },
  {
    name: 'no-pkce',
    description: 'sends no code_challenge and no code_verifier',
    check: 'RP-AUTHZ-PKCE',
  },
  {
    name: 'no-csrf-binding',
    description: 'sends authentication requests with neither state, nonce nor PKCE',
    check: 'RP-AUTHZ-CSRF',
    alsoFails: {
      checks: ['RP-AUTHZ-STATE', 'RP-AUTHZ-PKCE'],
      as: 'same-weakness',
      why: 'a request bound by nothing carries neither state nor a code_challenge',
    },
  },
  {
    name: 'unregistered-redirect',
    description: 'adds a query parameter to its redirect_uri, which then matches no registered URI',
    check: 'RP-AUTHZ-REDIRECT',
    alsoFails: SIGN_IN_BROKEN('a redirect_uri it has not registered'),
  },
  {
    name: 'wrong-response-type',
    description: 'asks for response_type=token instead of the authorization code',
    check: 'RP-AUTHZ-01',
    alsoFails: SIGN_IN_BROKEN('a response type the client is not registered for'),
  },
  {
    name: 'wrong-auth-method',
    description:
      'authenticates at the token endpoint with the other client secret method (client_secret_post when registered client_secret_basic, and the reverse)',
    // oidc-provider takes either secret method for a client registered with one of them, so the
    // sign-in still completes at an OP built on it; an OP that refuses the mismatch also fails RP-SSO-01.
    check: 'RP-TOKEN-AUTH',
  },
  {
    name: 'wrong-user',
    description:
      "signs every browser in as the organization administrator, whoever the ID token's sub and email name",
    check: 'RP-SSO-01',
  },
  {
    name: 'drops-claims',
    description: 'hands the application the ID token claims only, dropping what userinfo returned',
    check: 'RP-SSO-02',
  },
  {
    name: 'userinfo-token-in-body',
    description: 'calls userinfo by POST with the access token in the form body (RFC 6750 2.2)',
    check: 'RP-USERINFO-BEARER',
  },
  { name: 'skip-iss', description: 'does not compare the ID token iss with the issuer', check: 'RP-IDT-ISS' },
  {
    name: 'skip-aud',
    description: 'does not look for its client_id in the ID token aud',
    check: 'RP-IDT-AUD',
  },
  {
    name: 'accept-extra-aud',
    description: 'accepts further audiences beside its own without an azp naming it',
    check: 'RP-IDT-AZP',
  },
  { name: 'accept-missing-sub', description: 'accepts an ID token without sub', check: 'RP-IDT-SUB' },
  { name: 'accept-missing-iat', description: 'accepts an ID token without iat', check: 'RP-IDT-IAT' },
  { name: 'skip-exp', description: 'accepts an expired ID token', check: 'RP-IDT-EXP' },
  {
    name: 'skip-iat-window',
    description: 'accepts an ID token issued in the future, beyond the clock skew',
    check: 'RP-IDT-IAT-FUTURE',
  },
  {
    name: 'skip-nonce',
    description: 'sends a nonce but never compares the ID token nonce with it',
    check: 'RP-IDT-NONCE',
    alsoFails: {
      checks: ['RP-IDT-NONCE-MISSING'],
      as: 'same-weakness',
      why: 'a nonce that is never compared may as well be missing',
    },
  },
  {
    name: 'nonce-optional',
    description: 'compares the ID token nonce only when the token carries one',
    check: 'RP-IDT-NONCE-MISSING',
  },
  {
    name: 'skip-signature',
    description: 'never verifies the ID token signature, whatever its alg',
    check: 'RP-IDT-SIG',
    alsoFails: {
      checks: SIGNATURE_ATTACKS,
      as: 'same-weakness',
      why: 'alg none, an HMAC with the client secret or the public key, and an unknown key all go unverified',
    },
  },
  {
    name: 'accept-alg-none',
    description: 'accepts an unsigned ID token (alg none); signed ones are verified as usual',
    check: 'RP-IDT-ALG-NONE',
  },
  {
    name: 'accept-hs256',
    description:
      'verifies an HS256 ID token with the client secret as the HMAC key, though it registered RS256',
    check: 'RP-IDT-HS256-SECRET',
  },
  {
    name: 'alg-confusion',
    description: "verifies an HS256 ID token with the PEM of the OP's published public key as the HMAC key",
    check: 'RP-IDT-ALG-CONFUSION',
  },
  {
    name: 'trust-embedded-jwk',
    description: 'verifies an ID token with the key in its own jwk header when it carries one',
    check: 'RP-IDT-UNKNOWN-KID',
  },
  {
    name: 'no-jwks-refetch',
    description: "fetches the OP's JWKS once and never again, so a key added later stays unknown",
    check: 'RP-KEY-ROTATION',
  },
  {
    name: 'skip-state-check',
    description: "takes the browser's latest request for any returned state",
    check: 'RP-STATE-MISMATCH',
  },
  {
    name: 'ignore-iss-param',
    description: 'ignores the iss parameter of the authorization response (RFC 9207)',
    check: 'RP-ISS-MIXUP',
  },
  {
    name: 'skip-userinfo-sub',
    description: 'uses userinfo claims without comparing the userinfo sub with the ID token sub',
    check: 'RP-USERINFO-SUB',
  },
  {
    name: 'skip-discovery-issuer',
    description: 'uses a discovery document whatever issuer it names',
    check: 'RP-DISCOVERY-ISSUER',
  },
  {
    name: 'logout-local-only',
    description: 'ends its own session on logout but never sends the browser to the end_session_endpoint',
    check: 'RP-LOGOUT-01',
  },
  {
    name: 'logout-no-hint',
    description: 'sends the browser to the end_session_endpoint without id_token_hint',
    check: 'RP-LOGOUT-HINT',
  },
  {
    name: 'ignore-backchannel',
    description: 'answers every back-channel logout with 200 and ends no session',
    check: 'RP-BCL-01',
  },
  {
    name: 'bcl-accept-nonce',
    description: 'accepts a logout token that carries a nonce',
    check: 'RP-BCL-NONCE',
  },
  {
    name: 'bcl-skip-events',
    description: 'accepts a logout token without the back-channel logout event',
    check: 'RP-BCL-EVENTS',
  },
  {
    name: 'bcl-ends-all-sessions',
    description: "ignores a logout token's sid and ends every session of its sub",
    check: 'RP-BCL-SID',
  },
] as const satisfies readonly SeededDefect[];

export type RpDefectName = (typeof RP_DEFECTS)[number]['name'];

const KNOWN = new Set<string>(RP_DEFECTS.map((d) => d.name));

export function isRpDefect(name: string): name is RpDefectName {
  return KNOWN.has(name);
}

/** Validates defect names; an unknown one is a startup error naming it and listing the known ones. */
export function parseRpDefects(names: readonly string[] = []): ReadonlySet<RpDefectName> {
  const unknown = names.filter((n) => !isRpDefect(n));
  if (unknown.length > 0) {
    throw new Error(
      `reference RP: unknown defect${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...KNOWN].join(', ')}`,
    );
  }
  return new Set(names as RpDefectName[]);
}
