/**
 * The OIDC simulators' part of the admin API under `/__accord` (see protocol.ts for the shared
 * routes: health, trace, test-users). The OP simulator:
 *
 *   GET  /__accord/info                     -> OpInfo
 *   POST /__accord/clients   (OidcClientRegistration JSON) -> { clientId }   register / replace a client
 *   DELETE /__accord/clients/:clientId      -> 204
 *   PUT  /__accord/flows/:flow  (TokenPlan) -> 204   misbehaviour for that flow's next authorization
 *   POST /__accord/keys/rotate              -> JwksState   next becomes current, a new next is made
 *   GET  /__accord/keys                     -> JwksState
 *   POST /__accord/backchannel-logout (BackchannelLogoutOrder) -> BackchannelLogoutResult
 *
 * A flow is the id the browser carries in the `accord-flow` cookie (lib/trace/recorder.ts). The OP
 * ties it to the authorization code it issues, so the token and userinfo calls the RP makes from its
 * server (no cookie) still belong to the flow and its plan.
 *
 * The reference RP (role rp, built in):
 *
 *   GET  /__accord/info                     -> RpInfo
 *   POST /__accord/op   (RpOpSettings JSON) -> 204   the OP it signs in with (the `exchange.post` of its profile)
 */

export interface OpInfo {
  role: 'op';
  /** The issuer identifier: what `iss` carries and discovery's `issuer`. */
  issuer: string;
  baseUrl: string;
  discoveryUrl: string;
  /**
   * A discovery document served at `${issuer}/mismatch/.well-known/openid-configuration` whose
   * `issuer` is the genuine one, not the URL it is fetched from (OIDC Discovery 4.3).
   */
  mismatchedDiscoveryUrl: string;
  jwksUri: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
  endSessionEndpoint: string;
  scenario: string;
}

export interface OidcClientRegistration {
  clientId: string;
  clientSecret: string;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  scope?: string;
}

/**
 * One forgery of one flow; everything else the OP does stays genuine. Each corresponds to an RP
 * check in lib/checks/catalog-rp.ts; `at-hash-wrong` has none (code flow: OIDC Core 3.1.3.8 MAY).
 */
export const OIDC_FORGERIES = [
  'id-token-bad-signature',
  'alg-none',
  'hs256-client-secret',
  'hs256-public-key',
  'unknown-kid',
  'wrong-iss',
  'wrong-aud',
  'extra-aud-no-azp',
  'missing-sub',
  'missing-iat',
  'expired',
  'iat-future',
  'nonce-mismatch',
  'nonce-missing',
  'state-mismatch',
  'iss-param-mixup',
  'at-hash-wrong',
  'userinfo-sub-mismatch',
  /** Sign with a key made now and added to the JWKS now: an RP that cached the JWKS must fetch it again. */
  'rotated-key',
] as const;
export type OidcForgery = (typeof OIDC_FORGERIES)[number];

export interface TokenPlan {
  forge?: OidcForgery;
  /** Replace claims of the signed-in user (JIT: a user the target has never seen, a changed name). */
  claims?: Record<string, unknown>;
}

export interface JwksState {
  current: string;
  next: string;
  /** kids still published though no longer signing. */
  retired: string[];
}

export const LOGOUT_TOKEN_FORGERIES = ['with-nonce', 'no-events', 'other-sid'] as const;
export type LogoutTokenForgery = (typeof LOGOUT_TOKEN_FORGERIES)[number];

/** A logout token for the session the OP holds for `flow`, POSTed by the OP to the client's back-channel URI. */
export interface BackchannelLogoutOrder {
  flow: string;
  clientId: string;
  forge?: LogoutTokenForgery;
}

export interface BackchannelLogoutResult {
  /** The back-channel logout URI it was sent to. */
  url: string;
  status: number;
  body: string;
  /** The logout token, as sent. */
  logoutToken: string;
}

export interface RpInfo {
  role: 'rp';
  baseUrl: string;
  loginUrl: string;
  redirectUri: string;
  logoutUrl: string;
  postLogoutRedirectUri: string;
  backchannelLogoutUri: string;
  /** The page showing the signed-in user's claims as JSON ({ sub, claims }). */
  meUrl: string;
}

/** How the reference RP is told which OP to use: a discovery URL, or the issuer and endpoints by hand. */
export interface RpOpSettings {
  discoveryUrl?: string;
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  jwksUri?: string;
  userinfoEndpoint?: string;
  endSessionEndpoint?: string;
  clientId: string;
  clientSecret: string;
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  scope?: string;
}
