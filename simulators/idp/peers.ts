import { SamlInputError } from '../../lib/saml/errors.ts';
import {
  type ParsedMetadata,
  parseMetadata,
  type SpDescriptor,
} from '../../lib/saml/metadata/parse-metadata.ts';

import type { TargetNameId } from '../../lib/target/types.ts';

export type TrustedSp = ParsedMetadata & {
  sp: SpDescriptor;
  /** The NameID this SP needs, from its target profile; otherwise the scenario's applies. */
  nameId?: TargetNameId;
};

/** The SPs this IdP trusts, by entityID, from the metadata posted to /__accord/peers. */
export class PeerRegistry {
  private readonly peers = new Map<string, TrustedSp>();

  /** Parses and stores SP metadata; throws SamlInputError naming what is wrong. */
  add(xml: string, nameId?: TargetNameId): TrustedSp {
    if (xml.trim() === '')
      throw new SamlInputError('missing-parameter', 'the body is empty; send the SP metadata XML');
    const md = parseMetadata(xml, 'SP metadata');
    if (!md.sp) {
      throw new SamlInputError(
        'wrong-root',
        `SP metadata: ${md.entityId} has no SPSSODescriptor (is this the metadata of an IdP?)`,
      );
    }
    if (md.sp.acs.length === 0) {
      throw new SamlInputError('wrong-root', `SP metadata: ${md.entityId} has no AssertionConsumerService`);
    }
    const sp: TrustedSp = nameId ? { ...(md as TrustedSp), nameId } : (md as TrustedSp);
    this.peers.set(sp.entityId, sp);
    return sp;
  }

  get(entityId: string | undefined): TrustedSp | undefined {
    return entityId === undefined ? undefined : this.peers.get(entityId);
  }

  list(): TrustedSp[] {
    return [...this.peers.values()];
  }
}
