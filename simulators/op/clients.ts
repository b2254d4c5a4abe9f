import type { AdapterPayload, ClientMetadata, default as Provider } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { OidcClientRegistration } from '../../lib/admin/oidc-protocol.ts';
import { AdminInputError } from './admin-input.ts';
import type { OpContext } from './context.ts';

/** oidc-provider client metadata for a registration: a confidential web client of the code flow. */
export function clientMetadata(reg: OidcClientRegistration): ClientMetadata {
  return {
    client_id: reg.clientId,
    client_secret: reg.clientSecret,
    token_endpoint_auth_method: reg.tokenEndpointAuthMethod,
    redirect_uris: reg.redirectUris,
    post_logout_redirect_uris: reg.postLogoutRedirectUris ?? [],
    ...(reg.backchannelLogoutUri ? { backchannel_logout_uri: reg.backchannelLogoutUri } : {}),
    // Every ID token names its session (sid), so a logout token can name it too.
    backchannel_logout_session_required: true,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
    ...(reg.scope ? { scope: reg.scope } : {}),
  };
}

/**
 * Registers (or replaces) a client: checked by oidc-provider's own client schema first, so a
 * registration it would refuse later is a 400 now, naming the metadata at fault.
 */
export async function registerClient(ctx: OpContext, provider: Provider, reg: OidcClientRegistration) {
  const metadata = clientMetadata(reg);
  try {
    await provider.Client.validate(metadata);
  } catch (e) {
    if (e instanceof errors.InvalidClientMetadata || e instanceof errors.InvalidRedirectUri) {
      throw new AdminInputError('client', `client registration: ${e.error_description ?? e.message}`);
    }
    throw e;
  }
  await ctx.store.adapter('Client').upsert(reg.clientId, metadata as AdapterPayload);
  ctx.clients.set(reg.clientId, reg);
}
