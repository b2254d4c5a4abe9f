import type { OidcClientRegistration } from '../../admin/oidc-protocol.ts';
import { OpClient } from '../../admin/op-client.ts';
import type { ProtocolAdapter } from '../adapter.ts';
import { roleIn } from '../roles.ts';
import { clientRegistration } from './client-registration.ts';
import { discoveryUrlOf } from './discovery-url.ts';
import { handOpToTarget } from './hand-op-to-target.ts';

/** An OIDC relying party's descriptor: the client registration its profile declares, filled. */
export type OidcDescriptor = OidcClientRegistration;

/**
 * OpenID Connect: an RP target is registered as a client at the OP simulator (its descriptor is
 * that registration), and is handed the OP's discovery URL with its client credentials.
 */
export const oidcAdapter: ProtocolAdapter<OidcDescriptor> = {
  protocol: 'oidc',
  readTargetDescriptor: clientRegistration,
  targetId: (registration) => registration.clientId,
  counterpartVars(role, issuer): Record<string, string> {
    // An RP's counterpart is the OP, known by its issuer; an OP target's would be a client.
    if (roleIn('oidc', role) !== 'rp') return {};
    return { issuer, discovery_url: discoveryUrlOf(issuer) };
  },
  counterpartDescriptorUrl: (_profile, discoveryUrl) => discoveryUrl,
  async trustTarget(counterpartUrl, registration) {
    await new OpClient(counterpartUrl).registerClient(registration);
  },
  handToTarget: handOpToTarget,
};
