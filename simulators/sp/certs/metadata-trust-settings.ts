import { X509Certificate } from 'node:crypto';
import { PeerStore } from '../../../lib/state/peer-store.ts';
import type { StateDb } from '../../../lib/state/state-db.ts';
import { METADATA_SECURITY, type MetadataSecurity } from './metadata-trust.ts';

const KEY = 'settings';

export class MetadataTrustSettingsError extends Error {}

/**
 * How uploaded IdP metadata is judged when the upload does not say (`?security=` on
 * POST /__accord/peers), and the trust anchors "more secure" chains to. Default: less secure,
 * no anchors, as the reference SP always took metadata.
 */
export class MetadataTrustSettings {
  security: MetadataSecurity = 'less';
  anchors: string[] = [];
  /** Kept in the state database like the SP's other administrator settings. */
  private readonly store?: PeerStore<{ security: MetadataSecurity; trustAnchors: string[] }>;

  constructor(db?: StateDb, orgId = 'default') {
    if (!db) return;
    this.store = new PeerStore(db, `sp:${orgId}:metadata-trust`, 1);
    const saved = this.store.get(KEY);
    if (saved) {
      this.security = saved.security;
      this.anchors = saved.trustAnchors;
    }
  }

  /** The mode an upload asked for, or the default; a wrong value is an error naming the parameter. */
  modeFor(asked: unknown): MetadataSecurity {
    if (asked === undefined || asked === '') return this.security;
    if (typeof asked === 'string' && (METADATA_SECURITY as readonly string[]).includes(asked)) {
      return asked as MetadataSecurity;
    }
    throw new MetadataTrustSettingsError(
      `security must be one of ${METADATA_SECURITY.join(', ')}, got ${JSON.stringify(asked)}`,
    );
  }

  /** Replaces the settings; every anchor must be a readable PEM certificate. */
  set(security: MetadataSecurity, anchors: readonly string[]): void {
    anchors.forEach((pem, i) => {
      try {
        new X509Certificate(pem);
      } catch (e) {
        throw new MetadataTrustSettingsError(
          `trustAnchors[${i}] is not a PEM certificate: ${(e as Error).message}`,
        );
      }
    });
    this.security = security;
    this.anchors = [...anchors];
    this.store?.put(KEY, this.view());
  }

  view(): { security: MetadataSecurity; trustAnchors: string[] } {
    return { security: this.security, trustAnchors: this.anchors };
  }
}
