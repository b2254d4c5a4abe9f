import type { OidcForgery } from '../../lib/admin/oidc-protocol.ts';
import type { SeededDefect } from '../../lib/checks/seeded-defect.ts';

/**
 * Opt-in defects of the OP simulator, one or more per OP check. Each must make its check fail when
 * the OP suite probes the simulator from outside, and the clean simulator must pass that check: the
 * self-test matrix iterates over this list. `forge` names the existing ID token or userinfo forgery
 * the defect applies to every flow; the others are implemented where their name is tested
 * (routes/seeded-defects.ts, the provider hooks, the store).
 */
export const OP_DEFECTS = [
  {
    name: 'code-reusable',
    description: 'an authorization code can be exchanged again (it is never marked consumed)',
    check: 'OP-CODE-REUSE',
    alsoFails: {
      checks: ['OP-CODE-REUSE-REVOKE'],
      as: 'same-weakness',
      why: 'a code that is never seen as reused never has its tokens revoked',
    },
  },
  {
    name: 'redirect-uri-not-enforced',
    description: 'any redirect_uri is taken, registered or not',
    check: 'OP-REDIRECT-UNREGISTERED',
  },
  {
    name: 'nonce-dropped',
    description: 'ID tokens carry no nonce',
    check: 'OP-IDT-NONCE',
    forge: 'nonce-missing',
  },
  {
    name: 'iss-wrong',
    description: 'ID tokens name another issuer in iss',
    check: 'OP-IDT-ISS',
    forge: 'wrong-iss',
  },
  {
    name: 'pkce-not-verified',
    description: 'the code_verifier is never compared with the code_challenge',
    check: 'OP-PKCE-VERIFIER',
  },
  {
    name: 'prompt-none-login-page',
    description: 'prompt=none is ignored: a browser without a session is shown the login page',
    check: 'OP-PROMPT-NONE-NO-SESSION',
  },
  {
    name: 'userinfo-sub-mismatch',
    description: 'userinfo answers with a sub other than the ID token’s',
    check: 'OP-USERINFO-SUB',
    forge: 'userinfo-sub-mismatch',
  },
  {
    name: 'id-token-bad-signature',
    description: 'ID tokens carry a signature that does not verify',
    check: 'OP-IDT-SIGNATURE',
    forge: 'id-token-bad-signature',
    alsoFails: {
      checks: ['OP-REFRESH-ID-TOKEN'],
      as: 'same-weakness',
      why: 'the ID token of the refresh grant is forged the same way, and Core 12.2 holds it to the same rules',
    },
  },
  {
    name: 'aud-wrong',
    description: 'ID tokens are addressed to another audience',
    check: 'OP-IDT-AUD',
    forge: 'wrong-aud',
  },
  { name: 'sub-missing', description: 'ID tokens carry no sub', check: 'OP-IDT-SUB', forge: 'missing-sub' },
  {
    name: 'iat-missing',
    description: 'ID tokens carry no iat',
    check: 'OP-IDT-TIMES',
    forge: 'missing-iat',
    alsoFails: {
      checks: ['OP-REFRESH-ID-TOKEN'],
      as: 'same-weakness',
      why: 'the ID token of the refresh grant has no iat either, which Core 12.2 requires to be its time of issue',
    },
  },
  {
    name: 'at-hash-wrong',
    description: 'the at_hash of ID tokens is not the access token’s',
    check: 'OP-IDT-AT-HASH',
    forge: 'at-hash-wrong',
  },
  {
    name: 'max-age-ignored',
    description: 'max_age is dropped from authorization requests: no re-authentication, no auth_time for it',
    check: 'OP-MAX-AGE',
    alsoFails: {
      checks: ['OP-IDT-AUTH-TIME'],
      as: 'same-weakness',
      why: 'an OP that never sees max_age does not know it must send auth_time either',
    },
  },
  {
    name: 'prompt-login-ignored',
    description: 'prompt=login is dropped: a browser with a session is not asked for credentials',
    check: 'OP-PROMPT-LOGIN',
  },
  {
    name: 'prompt-none-session-lost',
    description: 'prompt=none never finds the session: it always answers login_required',
    check: 'OP-PROMPT-NONE-SESSION',
    alsoFails: {
      checks: ['OP-ID-TOKEN-HINT'],
      as: 'same-weakness',
      why: 'the id_token_hint request is a prompt=none request, and meets the same lost session',
    },
  },
  { name: 'login-hint-refused', description: 'a request with login_hint is refused', check: 'OP-LOGIN-HINT' },
  {
    name: 'nonce-required',
    description: 'a code flow request without nonce is refused',
    check: 'OP-NONCE-OPTIONAL',
  },
  {
    name: 'unknown-param-refused',
    description: 'an authorization request with a parameter it does not know is refused',
    check: 'OP-UNKNOWN-PARAM',
  },
  {
    name: 'scope-order-strict',
    description: 'an authorization request whose scope does not begin with openid is refused',
    check: 'OP-SCOPE-ORDER',
  },
  { name: 'userinfo-get-refused', description: 'userinfo refuses GET', check: 'OP-USERINFO-GET' },
  { name: 'userinfo-post-refused', description: 'userinfo refuses POST', check: 'OP-USERINFO-POST' },
  {
    name: 'client-secret-post-refused',
    description: 'the token endpoint refuses client_secret_post',
    check: 'OP-TOKEN-AUTH-POST',
  },
  {
    name: 'basic-credentials-not-decoded',
    description:
      'the token endpoint compares the client_secret_basic id and secret without form-decoding them (a %2D stays %2D)',
    check: 'OP-TOKEN-AUTH-BASIC-ENCODED',
  },
  {
    name: 'logout-keeps-session',
    description: 'the end_session endpoint sends the browser back without ending the session',
    check: 'OP-LOGOUT-01',
  },
  {
    name: 'scope-claims-dropped',
    description: 'userinfo leaves out the email claims the email scope grants',
    check: 'OP-SCOPE-CLAIMS',
  },
  {
    name: 'address-phone-claims-dropped',
    description:
      'userinfo leaves out the claims the address and phone scopes grant (address, phone_number, phone_number_verified)',
    check: 'OP-SCOPE-CLAIMS',
  },
  {
    name: 'discovery-issuer-mismatch',
    description: 'the discovery document names an issuer other than the URL it is served from',
    check: 'OP-DISCOVERY-ISSUER',
  },
  {
    name: 'discovery-member-missing',
    description: 'the discovery document leaves out subject_types_supported',
    check: 'OP-DISCOVERY-01',
  },
  {
    name: 'discovery-relative-endpoint',
    description: 'the discovery document gives userinfo_endpoint as a relative path',
    check: 'OP-DISCOVERY-ENDPOINTS',
  },
  { name: 'jwks-no-kid', description: 'the JWKS publishes its keys without kid', check: 'OP-JWKS-KEYS' },
  {
    name: 'jwks-use-alg-mismatch',
    description: 'the JWKS also publishes a key marked use sig with an encryption alg (RSA-OAEP)',
    check: 'OP-JWKS-KEYS',
  },
  {
    name: 'refresh-access-token-refused',
    description: 'the refresh grant answers with an access token that userinfo refuses (it is never kept)',
    check: 'OP-REFRESH',
  },
  {
    name: 'refresh-any-client',
    description:
      'a refresh token is redeemed for any authenticated client, not only the one it was issued to',
    check: 'OP-REFRESH-CLIENT',
  },
  {
    name: 'refresh-id-token-sub-changed',
    description: 'the ID token of a refresh grant names another subject than the original one',
    check: 'OP-REFRESH-ID-TOKEN',
  },
] as const satisfies ReadonlyArray<SeededDefect & { forge?: OidcForgery }>;

export type OpDefectName = (typeof OP_DEFECTS)[number]['name'];

const KNOWN = new Set<string>(OP_DEFECTS.map((d) => d.name));

export function isOpDefect(name: string): name is OpDefectName {
  return KNOWN.has(name);
}

/** Validates defect names; an unknown one is a startup error naming it and listing the known ones. */
export function parseOpDefects(names: readonly string[] = []): ReadonlySet<OpDefectName> {
  const unknown = names.filter((n) => !isOpDefect(n));
  if (unknown.length > 0) {
    throw new Error(
      `OP simulator: unknown defect${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...KNOWN].join(', ')}`,
    );
  }
  return new Set(names as OpDefectName[]);
}

/** The forgery a defect applies to every flow that has no plan of its own. */
export function defectForgery(defects: ReadonlySet<OpDefectName>): OidcForgery | undefined {
  for (const d of OP_DEFECTS) if ('forge' in d && defects.has(d.name)) return d.forge;
  return undefined;
}
