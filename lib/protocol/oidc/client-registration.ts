import type { OidcClientRegistration } from '../../admin/oidc-protocol.ts';
import { fillTemplate } from '../../target/template.ts';
import type { OidcClient, TargetProfile } from '../../target/types.ts';
import { roleIn } from '../roles.ts';

/** The scopes a client asks for when its profile names none (OIDC Core 5.4's standard claims). */
export const DEFAULT_SCOPE = 'openid profile email';

/**
 * An RP target's descriptor: the client registration its profile declares, URIs filled with `vars`
 * ({base_url}). It is what the OP simulator is given to trust the target; the RP publishes nothing.
 */
export async function clientRegistration(
  profile: TargetProfile,
  vars: Record<string, string>,
): Promise<OidcClientRegistration> {
  const role = roleIn('oidc', profile.role);
  const client = profile.oidc?.client;
  if (role !== 'rp' || !client) {
    throw new Error(`${profile.file}: only OIDC targets of role rp, with oidc.client, can be tested so far`);
  }
  return registrationOf(client, vars);
}

/** A client as a profile declares it, its URIs filled with `vars`: what an OP simulator registers. */
export function registrationOf(client: OidcClient, vars: Record<string, string>): OidcClientRegistration {
  const fill = (t: string) => fillTemplate(t, vars);
  return {
    clientId: client.id,
    clientSecret: client.secret,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    redirectUris: client.redirectUris.map(fill),
    ...(client.postLogoutRedirectUris
      ? { postLogoutRedirectUris: client.postLogoutRedirectUris.map(fill) }
      : {}),
    ...(client.backchannelLogoutUri ? { backchannelLogoutUri: fill(client.backchannelLogoutUri) } : {}),
    scope: client.scope ?? DEFAULT_SCOPE,
  };
}
