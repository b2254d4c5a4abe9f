import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { OidcClientRegistration } from '../../lib/admin/oidc-protocol.ts';
import { supportedScopes } from '../../lib/oidc/user-claims.ts';
import { AdminInputError } from './admin-input.ts';
import { clientMetadata } from './client-metadata.ts';
import type { OpContext } from './context.ts';

/**
 * Registers (or replaces) a client, kept in the simulator's state. oidc-provider's own client
 * schema checks it first, so a registration it would refuse later is a 400 now, naming the
 * metadata at fault.
 */
export async function registerClient(ctx: OpContext, provider: Provider, asked: OidcClientRegistration) {
  const reg = withSupportedScopes(asked, supportedScopes(ctx.scenario.op.claims));
  const metadata = clientMetadata(reg);
  try {
    await provider.Client.validate(metadata);
  } catch (e) {
    if (e instanceof errors.InvalidClientMetadata || e instanceof errors.InvalidRedirectUri) {
      throw new AdminInputError('client', `client registration: ${e.error_description ?? e.message}`);
    }
    throw e;
  }
  ctx.clients.put(reg.clientId, reg);
}

/** OIDC Core 5.4's scope values for claims: an OP may support some of them only. */
const CLAIM_SCOPES = ['profile', 'email', 'address', 'phone'];

/**
 * The registration without the OIDC Core 5.4 scopes this OP does not support: RFC 7591 3.2.1 lets a
 * server replace requested metadata with suitable values, and one profile registers the same
 * clients with OPs of several dialects (Entra ID offers no address or phone scope). Any other
 * unknown scope is left for the client schema to refuse.
 */
function withSupportedScopes(
  reg: OidcClientRegistration,
  supported: readonly string[],
): OidcClientRegistration {
  if (!reg.scope) return reg;
  const scope = reg.scope.split(' ').filter((s) => supported.includes(s) || !CLAIM_SCOPES.includes(s));
  return { ...reg, scope: scope.join(' ') };
}
