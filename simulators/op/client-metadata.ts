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
