import { SamlInputError } from '../../lib/saml/errors.ts';
import {
  type ParsedMetadata,
  parseMetadata,
  type SpDescriptor,
} from '../../lib/saml/metadata/parse-metadata.ts';
import { PeerStore } from '../../lib/state/peer-store.ts';
import { openStateDb, type StateDb } from '../../lib/state/state-db.ts';
import type { TargetNameId } from '../../lib/target/types.ts';

export type TrustedSp = ParsedMetadata & {
  sp: SpDescriptor;
  /** The NameID this SP needs, from its target profile; otherwise the scenario's applies. */
  nameId?: TargetNameId;
};

/**
 * The SPs this IdP trusts, by entityID, from the metadata posted to /__accord/peers, kept in the
 * state database (memory unless the simulator was given a file).
 */
export class PeerRegistry {
  private readonly store: PeerStore<TrustedSp>;

  constructor(db: StateDb = openStateDb('memory'), owner = 'idp') {
    this.store = new PeerStore<TrustedSp>(db, owner);
  }

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
    this.store.put(sp.entityId, sp);
    return sp;
  }

  get(entityId: string | undefined): TrustedSp | undefined {
    return entityId === undefined ? undefined : this.store.get(entityId);
  }

  list(): TrustedSp[] {
    return this.store.list();
  }

  /** Stops trusting the SP; false when it was not trusted. */
  remove(entityId: string): boolean {
    return this.store.delete(entityId);
  }
}
