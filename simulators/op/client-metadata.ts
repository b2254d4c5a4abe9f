import type { ClientMetadata } from 'oidc-provider';
import type { OidcClientRegistration } from '../../lib/admin/oidc-protocol.ts';

/** oidc-provider client metadata for a registration: a confidential web client of the code flow. */
export function clientMetadata(reg: OidcClientRegistration): ClientMetadata {
  return {
    client_id: reg.clientId,
    client_secret: reg.clientSecret,
    token_endpoint_auth_method: reg.tokenEndpointAuthMethod,
    redirect_uris: [...reg.redirectUris],
    post_logout_redirect_uris: [...(reg.postLogoutRedirectUris ?? [])],
    ...(reg.backchannelLogoutUri ? { backchannel_logout_uri: reg.backchannelLogoutUri } : {}),
    // Every ID token names its session (sid), so a logout token can name it too.
    backchannel_logout_session_required: true,
    // Refresh tokens come with every code grant (provider.ts issueRefreshToken).
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
    ...(reg.scope ? { scope: reg.scope } : {}),
  };
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/**
 * The registration of a client oidc-provider stored itself (Dynamic Client Registration 1.0,
 * RFC 7591): it validated the metadata and chose id and secret; the simulator keeps what it needs.
 */
export function registrationOf(metadata: Record<string, unknown>): OidcClientRegistration {
  const auth = metadata.token_endpoint_auth_method;
  return {
    clientId: String(metadata.client_id),
    clientSecret: String(metadata.client_secret ?? ''),
    // The provider admits these two only (provider.ts clientAuthMethods); basic is its default.
    tokenEndpointAuthMethod: auth === 'client_secret_post' ? 'client_secret_post' : 'client_secret_basic',
    redirectUris: strings(metadata.redirect_uris),
    ...(metadata.post_logout_redirect_uris
      ? { postLogoutRedirectUris: strings(metadata.post_logout_redirect_uris) }
      : {}),
    ...(typeof metadata.backchannel_logout_uri === 'string'
      ? { backchannelLogoutUri: metadata.backchannel_logout_uri }
      : {}),
    ...(typeof metadata.scope === 'string' ? { scope: metadata.scope } : {}),
  };
}
