import { SimulatorClient } from '../../admin/client.ts';
import type { ParsedMetadata } from '../../saml/metadata/parse-metadata.ts';
import type { ProtocolAdapter } from '../adapter.ts';
import { counterpartOf, isAsserting, roleIn } from '../roles.ts';
import { counterpartMetadataUrl, exchangeMetadata } from './exchange-metadata.ts';
import { readTargetMetadata } from './read-target-metadata.ts';

/** A SAML 2.0 target's descriptor: its metadata, parsed. */
export type Saml2Descriptor = ParsedMetadata;

/** SAML 2.0: targets describe themselves with metadata, and trust is metadata handed both ways. */
export const saml2Adapter: ProtocolAdapter<Saml2Descriptor> = {
  protocol: 'saml2',
  readTargetDescriptor: readTargetMetadata,
  targetId: (md) => md.entityId,
  counterpartVars: (role, entityId) => ({
    [`${counterpartOf(roleIn('saml2', role))}_entity_id`]: encodeURIComponent(entityId),
  }),
  counterpartDescriptorUrl: counterpartMetadataUrl,
  async trustTarget(counterpartUrl, md, profile) {
    // An IdP simulator is told the NameID the SP target needs; an SP simulator needs nothing more.
    await new SimulatorClient(counterpartUrl).trustPeer(
      md.xml,
      isAsserting(profile.role) ? undefined : profile.nameId,
    );
  },
  handToTarget: exchangeMetadata,
};
