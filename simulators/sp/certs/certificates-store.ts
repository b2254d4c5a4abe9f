import type { IdpCertificateSupport, SpCertificateType } from '../../../lib/admin/sp-certificates-client.ts';
import type { KeyAndCertificate } from '../../../lib/pki/certificate.ts';
import type { Keyring } from '../../../lib/pki/keyring.ts';
import { PeerStore } from '../../../lib/state/peer-store.ts';
import type { StateDb } from '../../../lib/state/state-db.ts';

/** What the state database holds of the SP's certificates; the keys themselves are in the keystore. */
interface CertificatesRecord {
  currentType: SpCertificateType;
  /** Oldest first, as the retired keys the keyring holds. */
  retiredTypes: SpCertificateType[];
  renewal?: {
    idpSupport: IdpCertificateSupport;
    type: SpCertificateType;
    signingWithNext: boolean;
    startedAt: string;
  };
}

export interface StoredCertificates {
  current: KeyAndCertificate & { type: SpCertificateType };
  renewal?: {
    idpSupport: IdpCertificateSupport;
    next: KeyAndCertificate & { type: SpCertificateType };
    signingWithNext: boolean;
    startedAt: string;
  };
  retired: Array<KeyAndCertificate & { type: SpCertificateType }>;
}

const KEY = 'certificates';

/**
 * The reference SP's certificates as they survive a restart: the keys as a keyring in the keystore
 * (`sp-<org>` the key in use, `.next` the renewal's, `.retired-<n>`), the renewal's steps and each
 * certificate's type in the state database, like the SP's other administrator state. A next key
 * without a renewal recorded (a state database kept in memory) is a renewal abandoned by the restart:
 * ignored, and replaced by the next renewal.
 */
export class SpCertificatesStore {
  private readonly record: PeerStore<CertificatesRecord>;

  constructor(
    private readonly keyring: Keyring,
    db: StateDb,
    orgId: string,
  ) {
    this.record = new PeerStore<CertificatesRecord>(db, `sp:${orgId}:certificates`, 1);
  }

  load(): StoredCertificates {
    const rec = this.record.get(KEY);
    // Left alone, not deleted: another SP process sharing the keystore may be in its own renewal.
    const keys = this.keyring.state();
    const retiredTypes = rec?.retiredTypes ?? [];
    // The keyring lists retired keys newest first.
    const retired = [...keys.retired]
      .reverse()
      .map((k, i) => ({ ...pair(k), type: retiredTypes[i] ?? 'self-signed' }));
    return {
      current: { ...pair(keys.current), type: rec?.currentType ?? 'self-signed' },
      renewal:
        rec?.renewal && keys.next
          ? {
              idpSupport: rec.renewal.idpSupport,
              next: { ...pair(keys.next), type: rec.renewal.type },
              signingWithNext: rec.renewal.signingWithNext,
              startedAt: rec.renewal.startedAt,
            }
          : undefined,
      retired,
    };
  }

  /** A renewal began: its key is the keyring's next. */
  renewed(state: StoredCertificates): void {
    if (state.renewal) this.keyring.putNext(state.renewal.next);
    this.save(state);
  }

  /** "Finish renewal": the next key is promoted; older retired keys are forgotten, the one just retired kept. */
  finished(state: StoredCertificates): void {
    this.keyring.dropRetired();
    // Written again: the key this process renewed to is the one promoted, whatever the file holds now.
    this.keyring.putNext(state.current);
    this.keyring.promote();
    this.save({ ...state, retired: state.retired.slice(-1) });
  }

  save(state: StoredCertificates): void {
    this.record.put(KEY, {
      currentType: state.current.type,
      retiredTypes: state.retired.map((k) => k.type),
      renewal: state.renewal && {
        idpSupport: state.renewal.idpSupport,
        type: state.renewal.next.type,
        signingWithNext: state.renewal.signingWithNext,
        startedAt: state.renewal.startedAt,
      },
    });
  }
}

function pair(k: KeyAndCertificate): KeyAndCertificate {
  return { keyPem: k.keyPem, certPem: k.certPem };
}
