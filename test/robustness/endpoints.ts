import { fileURLToPath } from 'node:url';
import { loadOidcScenario, loadSamlScenario } from '../../lib/scenario/index.ts';
import type { Genuine } from './inputs.ts';

type Pairs = Array<[string, string]>;
/**
 * Genuine values for the parameters a generator is not making odd at the moment, so that the odd
 * one gets past the checks of the others and is the one read.
 */
type Base = (g: Genuine) => Pairs;

/** How an endpoint takes its input; the generators make hostile inputs for each kind. */
export type Carrier =
  /** Nothing but the request itself (pages, read-only admin routes). */
  | { kind: 'none' }
  /**
   * SAML messages by HTTP-Redirect (query) or HTTP-POST (form), with RelayState and, by Redirect,
   * SigAlg/Signature: each parameter the endpoint reads, with the root element it expects there.
   */
  | { kind: 'saml'; binding: 'redirect' | 'post'; messages: { SAMLRequest?: string; SAMLResponse?: string } }
  /**
   * Named query parameters; those in `jwts` also get the hostile JWTs. `provider`: read by
   * oidc-provider (its own 56 KiB body limit, no field count limit), not the shared parsers.
   */
  | { kind: 'query'; params: string[]; base?: Base; jwts?: string[]; provider?: boolean }
  /** Named fields of an urlencoded form; as for 'query'. */
  | { kind: 'form'; fields: string[]; base?: Base; jwts?: string[]; provider?: boolean }
  /** One parameter carrying a JWT (a logout token): malformed, unsigned, oversized, wrongly typed. */
  | { kind: 'jwt'; param: string; binding: 'query' | 'form'; base?: Base }
  /** An OAuth token request: the client's authentication (Basic or in the form) and the grant. */
  | { kind: 'token' }
  /** An access token as a bearer (RFC 6750): in the header, the query or the form, absent or of junk. */
  | { kind: 'bearer' }
  /** An XML document as the body (metadata). */
  | { kind: 'xml-body' }
  /** A JSON object with these fields as the body. */
  | { kind: 'json-body'; fields: string[] };

export interface EndpointRow {
  simulator: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path, from the simulator's info or the genuine values where it depends on them. */
  path: string | ((info: Record<string, string>, g: Genuine) => string);
  carrier: Carrier;
  /** A cookie sent with the carrier's inputs (the common inputs try cookies of their own). */
  cookie?: (g: Genuine) => string | undefined;
}

const pathOf = (key: string) => (info: Record<string, string>) => new URL(info[key]).pathname;
const below = (key: string, suffix: string) => (info: Record<string, string>) =>
  `${new URL(info[key]).pathname.replace(/\/$/, '')}${suffix}`;
const ping = loadSamlScenario(fileURLToPath(new URL('../../scenarios/ping.yaml', import.meta.url)));
const entra = loadOidcScenario(fileURLToPath(new URL('../../scenarios/entra-oidc.yaml', import.meta.url)));

function oidcOf(g: Genuine) {
  if (!g.oidc) throw new Error('the OP and RP rows need the RP registered at the OP (SIMULATORS trusts)');
  return g.oidc;
}
/** A genuine authentication request of the corpus's client, PKCE included. */
const authorizeBase: Base = (g) => {
  const o = oidcOf(g);
  return [
    ['client_id', o.clientId],
    ['redirect_uri', o.redirectUri],
    ['response_type', 'code'],
    ['scope', 'openid profile email'],
    ['state', 'corpus-state'],
    ['nonce', 'corpus-nonce'],
    ['code_challenge', o.codeChallenge],
    ['code_challenge_method', 'S256'],
  ];
};
const AUTHORIZE_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'claims',
  'id_token_hint',
  'request',
];
const endSessionBase: Base = (g) => {
  const o = oidcOf(g);
  return [
    ['id_token_hint', o.idToken],
    ['client_id', o.clientId],
    ['post_logout_redirect_uri', o.postLogoutRedirectUri],
    ['state', 'corpus-state'],
  ];
};
const END_SESSION_PARAMS = [
  'id_token_hint',
  'client_id',
  'post_logout_redirect_uri',
  'state',
  'ui_locales',
  'logout_hint',
];
/** An authorization response for a request this browser never made. */
const callbackBase: Base = () => [
  ['code', 'corpus-code'],
  ['state', 'corpus-state'],
];

/**
 * Every public endpoint and admin route of every simulator. A new endpoint joins the corpus by a
 * row here, and is then held to the same bar as the others: no 5xx, no crash, no answer slower
 * than 1 s, bounded memory, and an error that says what was wrong.
 */
export const ENDPOINTS: EndpointRow[] = [
  // IdP simulator (PingFederate scenario: SSO and SLO at separate paths)
  { simulator: 'idp', method: 'GET', path: pathOf('metadataUrl'), carrier: { kind: 'none' } },
  { simulator: 'idp', method: 'GET', path: '/', carrier: { kind: 'none' } },
  {
    simulator: 'idp',
    method: 'GET',
    path: pathOf('ssoUrl'),
    carrier: { kind: 'saml', binding: 'redirect', messages: { SAMLRequest: 'AuthnRequest' } },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: pathOf('ssoUrl'),
    carrier: { kind: 'saml', binding: 'post', messages: { SAMLRequest: 'AuthnRequest' } },
  },
  {
    simulator: 'idp',
    method: 'GET',
    path: pathOf('sloUrl'),
    carrier: {
      kind: 'saml',
      binding: 'redirect',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: pathOf('sloUrl'),
    carrier: {
      kind: 'saml',
      binding: 'post',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  {
    simulator: 'idp',
    method: 'GET',
    path: ping.idp.paths.login,
    carrier: { kind: 'query', params: ['req'] },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: ping.idp.paths.login,
    carrier: { kind: 'form', fields: ['username', 'password', 'req'] },
  },
  {
    simulator: 'idp',
    method: 'GET',
    path: pathOf('idpInitiatedUrl'),
    carrier: { kind: 'query', params: ['sp', 'PartnerSpId', 'RelayState', 'binding'] },
  },
  { simulator: 'idp', method: 'GET', path: '/__accord/health', carrier: { kind: 'none' } },
  { simulator: 'idp', method: 'GET', path: '/__accord/info', carrier: { kind: 'none' } },
  { simulator: 'idp', method: 'GET', path: '/__accord/test-users', carrier: { kind: 'none' } },
  {
    simulator: 'idp',
    method: 'GET',
    path: '/__accord/trace',
    carrier: { kind: 'query', params: ['flow', 'since'] },
  },
  { simulator: 'idp', method: 'POST', path: '/__accord/peers', carrier: { kind: 'xml-body' } },
  {
    simulator: 'idp',
    method: 'DELETE',
    path: '/__accord/peers',
    carrier: { kind: 'query', params: ['entityId'] },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: '/__accord/logout-requests',
    carrier: { kind: 'json-body', fields: ['sp', 'user', 'binding', 'flow', 'relayState'] },
  },
  {
    simulator: 'idp',
    method: 'PUT',
    path: '/__accord/flows/corpus',
    carrier: { kind: 'json-body', fields: ['user', 'tamper', 'encryptAssertion', 'userFields', 'nameId'] },
  },
  { simulator: 'idp', method: 'DELETE', path: '/__accord/flows/corpus', carrier: { kind: 'none' } },
  {
    simulator: 'idp',
    method: 'GET',
    path: '/__accord/idp-initiated',
    carrier: { kind: 'query', params: ['sp', 'RelayState', 'binding'] },
  },

  // Reference SP
  { simulator: 'sp', method: 'GET', path: pathOf('metadataUrl'), carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/login',
    carrier: { kind: 'query', params: ['binding', 'RelayState', 'idp'] },
  },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/acs',
    carrier: { kind: 'saml', binding: 'post', messages: { SAMLResponse: 'Response' } },
  },
  { simulator: 'sp', method: 'GET', path: '/acs', carrier: { kind: 'query', params: ['SAMLResponse'] } },
  { simulator: 'sp', method: 'GET', path: '/logout', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/slo',
    carrier: {
      kind: 'saml',
      binding: 'redirect',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/slo',
    carrier: {
      kind: 'saml',
      binding: 'post',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  { simulator: 'sp', method: 'GET', path: '/me', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/me/assertion', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/health', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/info', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'POST', path: '/__accord/peers', carrier: { kind: 'xml-body' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/peers', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'DELETE',
    path: '/__accord/peers',
    carrier: { kind: 'query', params: ['entityId'] },
  },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/__accord/trace',
    carrier: { kind: 'query', params: ['flow', 'since'] },
  },
  { simulator: 'sp', method: 'GET', path: '/__accord/users', carrier: { kind: 'none' } },
  // The reference SP's OpenID Connect IdPs (simulators/sp/oidc/): admin API and RP endpoints.
  {
    simulator: 'sp',
    method: 'POST',
    path: '/__accord/oidc-idps',
    carrier: {
      kind: 'json-body',
      fields: ['name', 'discoveryUrl', 'issuer', 'clientId', 'clientSecret', 'scope', 'jit', 'emailClaim'],
    },
  },
  { simulator: 'sp', method: 'GET', path: '/__accord/oidc-idps', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'DELETE', path: '/__accord/oidc-idps/corpus', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/oidc/callback',
    carrier: { kind: 'query', params: ['code', 'state', 'iss', 'error', 'error_description'] },
  },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/oidc/backchannel-logout',
    carrier: { kind: 'jwt', param: 'logout_token', binding: 'form' },
  },
  { simulator: 'sp', method: 'GET', path: '/oidc/claims', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/oidc/logged-out', carrier: { kind: 'none' } },
  // Routing: email-first sign-in, Test SSO setup, the built-in IdP's page, the routing admin API.
  {
    simulator: 'sp',
    method: 'GET',
    path: '/signin',
    carrier: { kind: 'query', params: ['email', 'RelayState', 'binding'] },
  },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/test-sso',
    carrier: { kind: 'query', params: ['idp', 'binding'] },
  },
  { simulator: 'sp', method: 'GET', path: '/identity/login', carrier: { kind: 'query', params: ['email'] } },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/identity/login',
    carrier: { kind: 'form', fields: ['email', 'password', 'RelayState', 'test'] },
  },
  { simulator: 'sp', method: 'GET', path: '/__accord/routing', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/routing/idps', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/routing/identity-users', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'PUT',
    path: '/__accord/routing/identity-users',
    carrier: { kind: 'json-body', fields: ['users'] },
  },
  {
    simulator: 'sp',
    method: 'PUT',
    path: '/__accord/routing',
    carrier: { kind: 'json-body', fields: ['rules'] },
  },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/__accord/routing/rules',
    carrier: {
      kind: 'json-body',
      fields: ['name', 'type', 'values', 'idp', 'priority', 'active', 'default'],
    },
  },
  // OP simulator (Entra ID scenario: the issuer and every provider route below the tenant path).
  // The authorization and end-session endpoints take GET only: oidc-provider 9 takes POST there
  // only with SameSite=None cookies, which browsers drop on an http issuer. The trace first: read
  // 220 times once full, it is the slowest row and says nothing more about hostile input.
  {
    simulator: 'op',
    method: 'GET',
    path: '/__accord/trace',
    carrier: { kind: 'query', params: ['flow', 'since'] },
  },
  { simulator: 'op', method: 'GET', path: '/', carrier: { kind: 'none' } },
  { simulator: 'op', method: 'GET', path: pathOf('discoveryUrl'), carrier: { kind: 'none' } },
  { simulator: 'op', method: 'GET', path: pathOf('mismatchedDiscoveryUrl'), carrier: { kind: 'none' } },
  { simulator: 'op', method: 'GET', path: pathOf('jwksUri'), carrier: { kind: 'none' } },
  {
    simulator: 'op',
    method: 'GET',
    path: pathOf('authorizationEndpoint'),
    carrier: {
      kind: 'query',
      params: AUTHORIZE_PARAMS,
      base: authorizeBase,
      jwts: ['id_token_hint', 'request'],
    },
  },
  // Where the provider resumes an authorization once the login page is done with it.
  {
    simulator: 'op',
    method: 'GET',
    path: below('authorizationEndpoint', '/corpus-uid'),
    carrier: { kind: 'none' },
  },
  {
    simulator: 'op',
    method: 'GET',
    path: (_info, g) => oidcOf(g).interactionPath,
    carrier: { kind: 'query', params: ['uid', 'prompt'] },
    cookie: (g) => g.oidc?.interactionCookie,
  },
  {
    simulator: 'op',
    method: 'POST',
    path: (_info, g) => oidcOf(g).interactionPath,
    carrier: { kind: 'form', fields: ['username', 'password'] },
    cookie: (g) => g.oidc?.interactionCookie,
  },
  {
    simulator: 'op',
    method: 'POST',
    path: below('issuer', `${entra.op.paths.login}/corpus-uid`),
    carrier: { kind: 'form', fields: ['username', 'password'] },
  },
  { simulator: 'op', method: 'POST', path: pathOf('tokenEndpoint'), carrier: { kind: 'token' } },
  { simulator: 'op', method: 'GET', path: pathOf('userinfoEndpoint'), carrier: { kind: 'bearer' } },
  { simulator: 'op', method: 'POST', path: pathOf('userinfoEndpoint'), carrier: { kind: 'bearer' } },
  {
    simulator: 'op',
    method: 'GET',
    path: pathOf('endSessionEndpoint'),
    carrier: {
      kind: 'query',
      params: END_SESSION_PARAMS,
      base: endSessionBase,
      jwts: ['id_token_hint', 'request'],
    },
  },
  {
    simulator: 'op',
    method: 'POST',
    path: below('endSessionEndpoint', '/confirm'),
    carrier: { kind: 'form', fields: ['xsrf', 'logout'], provider: true },
  },
  {
    simulator: 'op',
    method: 'GET',
    path: below('endSessionEndpoint', '/success'),
    carrier: { kind: 'none' },
  },
  {
    simulator: 'op',
    method: 'GET',
    path: (info, g) => below('issuer', `/users/${g.oidc?.oid ?? 'corpus-oid'}/getMemberObjects`)(info),
    carrier: { kind: 'bearer' },
  },
  {
    simulator: 'op',
    method: 'POST',
    path: (info, g) => below('issuer', `/users/${g.oidc?.oid ?? 'corpus-oid'}/getMemberObjects`)(info),
    carrier: { kind: 'bearer' },
  },
  { simulator: 'op', method: 'GET', path: '/__accord/health', carrier: { kind: 'none' } },
  { simulator: 'op', method: 'GET', path: '/__accord/info', carrier: { kind: 'none' } },
  { simulator: 'op', method: 'GET', path: '/__accord/test-users', carrier: { kind: 'none' } },
  {
    simulator: 'op',
    method: 'POST',
    path: '/__accord/clients',
    carrier: {
      kind: 'json-body',
      fields: [
        'clientId',
        'clientSecret',
        'tokenEndpointAuthMethod',
        'redirectUris',
        'postLogoutRedirectUris',
        'backchannelLogoutUri',
        'scope',
      ],
    },
  },
  { simulator: 'op', method: 'DELETE', path: '/__accord/clients/corpus-nobody', carrier: { kind: 'none' } },
  {
    simulator: 'op',
    method: 'PUT',
    path: '/__accord/flows/corpus',
    carrier: { kind: 'json-body', fields: ['forge', 'claims'] },
  },
  { simulator: 'op', method: 'DELETE', path: '/__accord/flows/corpus', carrier: { kind: 'none' } },
  { simulator: 'op', method: 'GET', path: '/__accord/keys', carrier: { kind: 'none' } },
  { simulator: 'op', method: 'POST', path: '/__accord/keys/rotate', carrier: { kind: 'none' } },
  {
    simulator: 'op',
    method: 'POST',
    path: '/__accord/backchannel-logout',
    carrier: { kind: 'json-body', fields: ['flow', 'clientId', 'forge'] },
  },

  // Reference RP (registered at the OP above and pointed at it)
  {
    simulator: 'rp',
    method: 'GET',
    path: '/__accord/trace',
    carrier: { kind: 'query', params: ['flow', 'since'] },
  },
  { simulator: 'rp', method: 'GET', path: '/', carrier: { kind: 'none' } },
  { simulator: 'rp', method: 'GET', path: pathOf('loginUrl'), carrier: { kind: 'none' } },
  {
    simulator: 'rp',
    method: 'GET',
    path: pathOf('redirectUri'),
    carrier: {
      kind: 'query',
      params: ['code', 'state', 'iss', 'error', 'error_description', 'session_state'],
      base: callbackBase,
    },
  },
  { simulator: 'rp', method: 'GET', path: pathOf('logoutUrl'), carrier: { kind: 'none' } },
  {
    simulator: 'rp',
    method: 'GET',
    path: pathOf('postLogoutRedirectUri'),
    carrier: { kind: 'query', params: ['state'] },
  },
  {
    simulator: 'rp',
    method: 'POST',
    path: pathOf('backchannelLogoutUri'),
    carrier: { kind: 'jwt', param: 'logout_token', binding: 'form' },
  },
  { simulator: 'rp', method: 'GET', path: '/me', carrier: { kind: 'none' } },
  { simulator: 'rp', method: 'GET', path: pathOf('meUrl'), carrier: { kind: 'none' } },
  { simulator: 'rp', method: 'GET', path: '/__accord/health', carrier: { kind: 'none' } },
  { simulator: 'rp', method: 'GET', path: '/__accord/info', carrier: { kind: 'none' } },
  // Last: an input it accepted would point the RP at another OP for the rows after it.
  {
    simulator: 'rp',
    method: 'POST',
    path: '/__accord/op',
    carrier: {
      kind: 'json-body',
      fields: [
        'discoveryUrl',
        'issuer',
        'authorizationEndpoint',
        'tokenEndpoint',
        'jwksUri',
        'userinfoEndpoint',
        'endSessionEndpoint',
        'clientId',
        'clientSecret',
        'tokenEndpointAuthMethod',
        'scope',
      ],
    },
  },
];
