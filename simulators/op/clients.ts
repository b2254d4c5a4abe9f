import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { OidcClientRegistration } from '../../lib/admin/oidc-protocol.ts';
import { AdminInputError } from './admin-input.ts';
import { clientMetadata } from './client-metadata.ts';
import type { OpContext } from './context.ts';

/**
 * Registers (or replaces) a client, kept in the simulator's state. oidc-provider's own client
 * schema checks it first, so a registration it would refuse later is a 400 now, naming the
 * metadata at fault.
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
  ctx.clients.put(reg.clientId, reg);
}
