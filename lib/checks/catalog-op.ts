import { oidcCore, oidcDiscovery, oidcRpLogout, oidf, rfc } from './spec-refs.ts';
import type { CheckSpec } from './types.ts';

/**
 * Checks that judge a target playing the OpenID Provider. Accord plays the relying party from the
 * suite (a browser for the front channel, its own HTTP calls for the back channel); each check cites
 * the clause its level comes from and the OpenID Foundation OP test module it corresponds to (the
 * OP Basic certification plan is the bar).
 */
export const OP_CHECKS = {
  'OP-DISCOVERY-01': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'The discovery document is JSON with every REQUIRED member: issuer, authorization_endpoint, token_endpoint, jwks_uri, response_types_supported (with code), subject_types_supported, id_token_signing_alg_values_supported',
    refs: [oidcDiscovery('3, 4.2'), oidf('oidcc-discovery-endpoint-verification')],
  },
  'OP-DISCOVERY-ISSUER': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'The issuer in the discovery document is exactly the URL it was fetched from, less the well-known path',
    refs: [oidcDiscovery('4.3'), oidf('oidcc-discovery-endpoint-verification')],
  },
  'OP-DISCOVERY-ENDPOINTS': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'Every endpoint the document names (authorization, token, userinfo, jwks_uri, end_session) is an absolute URL of the issuer’s scheme, without fragment',
    refs: [oidcDiscovery('3'), rfc(6749, '3.1, 3.2'), oidf('oidcc-discovery-endpoint-verification')],
  },
  'OP-JWKS-KEYS': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'The JWKS parses, every key has a kid, a use (when present) of sig or enc, an alg (when present) the key type can do, and a use and an alg that agree',
    refs: [
      oidcCore('10.1'),
      rfc(7517, '4.2, 4.4, 4.5, 5'),
      rfc(7518, '3.1, 4.1'),
      oidf('oidcc-discovery-endpoint-verification'),
    ],
  },
  'OP-CODE-01': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'The authorization code flow with PKCE S256 and client_secret_basic gives a code at the redirect URI (with the state sent) and, for it, an ID token and a Bearer access token',
    refs: [
      oidcCore('3.1.2.5, 3.1.3.3'),
      rfc(7636, '4.3, 4.5'),
      rfc(6749, '2.3.1, 4.1.2'),
      oidf('oidcc-server'),
    ],
  },
  'OP-TOKEN-AUTH-POST': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The token endpoint takes client_secret_post (where the profile declares it)',
    refs: [oidcCore('9'), rfc(6749, '2.3.1'), oidf('oidcc-server-client-secret-post')],
    appliesIf: 'opClientSecretPost',
  },
  'OP-TOKEN-AUTH-BASIC-ENCODED': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'client_secret_basic credentials are form-decoded: the client id and secret with every character but letters and digits percent-encoded authenticate (where they have such characters)',
    refs: [rfc(6749, '2.3.1'), oidcCore('9')],
  },
  'OP-PKCE-VERIFIER': {
    flow: 'security',
    level: 'MUST',
    title:
      'A code issued for a S256 code_challenge is refused at the token endpoint with another code_verifier',
    refs: [rfc(7636, '4.6')],
  },
  'OP-IDT-SIGNATURE': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'The ID token is signed with an algorithm the discovery document advertises, by a key of the JWKS (its kid)',
    refs: [
      oidcCore('2, 3.1.3.7 (6), 10.1'),
      oidcDiscovery('3 (id_token_signing_alg_values_supported)'),
      oidf('oidcc-idtoken-signature'),
    ],
  },
  'OP-IDT-ISS': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The ID token iss is the issuer of the discovery document',
    refs: [oidcCore('2 (iss), 3.1.3.7 (2)'), oidf('oidcc-server')],
  },
  'OP-IDT-SUB': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The ID token carries a sub of at most 255 ASCII characters',
    refs: [oidcCore('2 (sub)'), oidf('oidcc-server')],
  },
  'OP-IDT-AUD': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The ID token aud contains the client_id (and azp names it when there are several audiences)',
    refs: [oidcCore('2 (aud, azp), 3.1.3.7 (3, 4)'), oidf('oidcc-server')],
  },
  'OP-IDT-TIMES': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The ID token carries iat (now, within the clock skew) and exp after it and in the future',
    refs: [oidcCore('2 (exp, iat), 3.1.3.7 (9, 10)'), oidf('oidcc-server')],
  },
  'OP-IDT-NONCE': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The ID token echoes the nonce of the authentication request unchanged',
    refs: [oidcCore('2 (nonce), 3.1.3.7 (11)'), oidf('oidcc-server')],
  },
  'OP-IDT-AUTH-TIME': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'When max_age is requested, the ID token carries auth_time',
    refs: [oidcCore('2 (auth_time), 3.1.2.1 (max_age)'), oidf('oidcc-max-age-10000')],
  },
  'OP-IDT-AT-HASH': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'An at_hash in the ID token, when present, is the left half of the hash of the access token',
    refs: [oidcCore('3.1.3.6, 3.1.3.8'), oidf('oidcc-server')],
  },
  'OP-USERINFO-GET': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'Userinfo answers a GET with the access token in the Authorization header with JSON claims',
    refs: [oidcCore('5.3.1, 5.3.2'), rfc(6750, '2.1'), oidf('oidcc-userinfo-get')],
  },
  'OP-USERINFO-POST': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'Userinfo answers a POST with the access token in the Authorization header and in the form body (where the profile declares userinfo POST)',
    refs: [
      oidcCore('5.3.1'),
      rfc(6750, '2.1, 2.2'),
      oidf('oidcc-userinfo-post-header'),
      oidf('oidcc-userinfo-post-body'),
    ],
    appliesIf: 'opUserinfoPost',
  },
  'OP-USERINFO-SUB': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'The userinfo sub is the sub of the ID token',
    refs: [oidcCore('5.3.2'), oidf('oidcc-userinfo-get')],
  },
  'OP-SCOPE-CLAIMS': {
    flow: 'code-flow',
    level: 'SHOULD',
    title:
      'Each scope the profile lists (profile, email, address, phone) returns the claims it declares for it, shaped as OIDC Core 5.1 says, the email, address and phone number being the test user’s; a scope scopes_supported leaves out, and address or phone for a test user without them, are not judged',
    refs: [
      oidcCore('5.4'),
      oidcCore('5.1, 5.1.1'),
      oidcDiscovery('3', 'scopes_supported'),
      oidf('oidcc-scope-profile'),
      oidf('oidcc-scope-email'),
      oidf('oidcc-scope-address'),
      oidf('oidcc-scope-phone'),
    ],
  },
  'OP-NONCE-OPTIONAL': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'A code flow request without nonce succeeds',
    refs: [
      oidcCore('3.1.2.1 (nonce OPTIONAL)'),
      oidf('oidcc-ensure-request-without-nonce-succeeds-for-code-flow'),
    ],
  },
  'OP-UNKNOWN-PARAM': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'An authorization request with an unknown parameter succeeds (the parameter is ignored)',
    refs: [rfc(6749, '3.1'), oidf('oidcc-ensure-request-with-unknown-parameter-succeeds')],
  },
  'OP-SCOPE-ORDER': {
    flow: 'code-flow',
    level: 'MUST',
    title: 'An authorization request with its scopes in another order succeeds',
    refs: [rfc(6749, '3.3'), oidf('oidcc-ensure-other-scope-order-succeeds')],
  },
  'OP-PROMPT-NONE-NO-SESSION': {
    flow: 'session',
    level: 'MUST',
    title:
      'prompt=none without a session answers login_required (or another interaction error) at the redirect URI, showing no login page',
    refs: [oidcCore('3.1.2.1 (prompt none), 3.1.2.6'), oidf('oidcc-prompt-none-not-logged-in')],
  },
  'OP-PROMPT-NONE-SESSION': {
    flow: 'session',
    level: 'MUST',
    title: 'prompt=none with a session returns a code without showing anything',
    refs: [oidcCore('3.1.2.1 (prompt none)'), oidf('oidcc-prompt-none-logged-in')],
  },
  'OP-PROMPT-LOGIN': {
    flow: 'session',
    level: 'SHOULD',
    title: 'prompt=login asks for credentials again though the browser has a session, and auth_time moves',
    refs: [oidcCore('3.1.2.1 (prompt login SHOULD)'), oidf('oidcc-prompt-login')],
  },
  'OP-MAX-AGE': {
    flow: 'session',
    level: 'MUST',
    title: 'max_age=1, a second after the sign-in, asks for credentials again, and auth_time moves',
    refs: [oidcCore('3.1.2.1 (max_age MUST actively re-authenticate)'), oidf('oidcc-max-age-1')],
  },
  'OP-LOGIN-HINT': {
    flow: 'session',
    level: 'SHOULD',
    title: 'An authorization request with login_hint (the test user) succeeds',
    refs: [oidcCore('3.1.2.1 (login_hint)'), oidf('oidcc-login-hint')],
  },
  'OP-ID-TOKEN-HINT': {
    flow: 'session',
    level: 'SHOULD',
    title: 'prompt=none with the id_token_hint of the current session returns a code',
    refs: [oidcCore('3.1.2.1 (id_token_hint SHOULD with prompt none)'), oidf('oidcc-id-token-hint')],
  },
  'OP-CODE-REUSE': {
    flow: 'security',
    level: 'MUST',
    title: 'An authorization code used a second time is refused',
    refs: [rfc(6749, '4.1.2, 10.5'), oidcCore('3.1.3.2'), oidf('oidcc-codereuse')],
  },
  'OP-CODE-REUSE-REVOKE': {
    flow: 'security',
    level: 'SHOULD',
    title: 'After a code is used twice, the access token issued for it no longer works at userinfo',
    refs: [rfc(6749, '4.1.2 (SHOULD revoke)'), oidf('oidcc-codereuse')],
  },
  'OP-REDIRECT-UNREGISTERED': {
    flow: 'security',
    level: 'MUST',
    title:
      'An authorization request with a redirect_uri not registered is refused without redirecting the browser to it',
    refs: [
      oidcCore('3.1.2.1 (redirect_uri), 3.1.2.2'),
      rfc(6749, '3.1.2.4, 4.1.2.1'),
      oidf('oidcc-ensure-registered-redirect-uri'),
    ],
  },
  'OP-REFRESH': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'A refresh token grant gives a new access token that userinfo takes (where the profile declares refresh tokens)',
    refs: [rfc(6749, '6'), oidcCore('12.1, 12.2'), oidf('oidcc-refresh-token')],
    appliesIf: 'opRefreshTokens',
  },
  'OP-REFRESH-CLIENT': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'A refresh token presented by another client of the OP, authenticated with its own credentials, is refused (where the profile declares refresh tokens and lists two clients)',
    refs: [rfc(6749, '6 (MUST ensure the refresh token was issued to the authenticated client), 10.4')],
    appliesIf: 'opRefreshTokens',
  },
  'OP-REFRESH-ID-TOKEN': {
    flow: 'code-flow',
    level: 'MUST',
    title:
      'An ID token from the refresh grant verifies and keeps the original iss, sub, aud, azp and auth_time; nonce absent or the same (where the profile declares refresh tokens)',
    refs: [oidcCore('12.2')],
    appliesIf: 'opRefreshTokens',
  },
  'OP-LOGOUT-01': {
    flow: 'slo',
    level: 'MUST',
    title:
      'RP-initiated logout at end_session_endpoint ends the session: prompt=none afterwards gets no code (login_required, or the login form) (where the profile declares RP-initiated logout)',
    refs: [oidcRpLogout('2, 3'), oidf('oidcc-rp-initiated-logout')],
    appliesIf: 'opRpLogout',
  },
} as const satisfies Record<string, CheckSpec>;
