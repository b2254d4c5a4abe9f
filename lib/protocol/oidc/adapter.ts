import type { OidcClientRegistration } from '../../admin/oidc-protocol.ts';
import { OpClient } from '../../admin/op-client.ts';
import type { ProtocolAdapter } from '../adapter.ts';
import { roleIn } from '../roles.ts';
import { clientRegistration } from './client-registration.ts';
import { discoveryUrlOf } from './discovery-url.ts';
import { handOpToTarget } from './hand-op-to-target.ts';
import { type OpDescriptor, opDescriptor, registerAtOp } from './op-target.ts';

/** An OIDC relying party's descriptor: the client registration its profile declares, filled. */
export type OidcDescriptor = OidcClientRegistration;

const isOp = (d: OidcDescriptor | OpDescriptor): d is OpDescriptor => 'registrations' in d;

/**
 * OpenID Connect: an RP target is registered as a client at the OP simulator (its descriptor is
 * that registration), and is handed the OP's discovery URL with its client credentials.
 */
export const oidcAdapter: ProtocolAdapter<OidcDescriptor | OpDescriptor> = {
  protocol: 'oidc',
  readTargetDescriptor: (profile, vars) =>
    profile.role === 'op' ? opDescriptor(profile, vars) : clientRegistration(profile, vars),
  targetId: (d) => (isOp(d) ? d.issuer : d.clientId),
  counterpartVars(role, issuer): Record<string, string> {
    // An RP's counterpart is the OP, known by its issuer. An OP target has no counterpart simulator
    // (the suite is its RP): a built-in one's issuer is handed here, for its profile's {issuer}.
    if (roleIn('oidc', role) === 'op') return issuer ? { issuer } : {};
    return { issuer, discovery_url: discoveryUrlOf(issuer) };
  },
  counterpartDescriptorUrl: (_profile, discoveryUrl) => discoveryUrl,
  async trustTarget(counterpartUrl, d) {
    // An OP target is its own counterpart's trust: its clients are registered by handToTarget.
    if (isOp(d)) return;
    await new OpClient(counterpartUrl).registerClient(d);
  },
  handToTarget: (profile, vars, publishedUrl) =>
    profile.role === 'op' ? registerAtOp(profile, vars) : handOpToTarget(profile, vars, publishedUrl),
};
