import { X509Certificate } from 'node:crypto';
import { METADATA_SECURITY, type MetadataSecurity } from './metadata-trust.ts';

export class MetadataTrustSettingsError extends Error {}

/**
 * How uploaded IdP metadata is judged when the upload does not say (`?security=` on
 * POST /__accord/peers), and the trust anchors "more secure" chains to. Default: less secure,
 * no anchors, as the reference SP always took metadata.
 */
export class MetadataTrustSettings {
  security: MetadataSecurity = 'less';
  anchors: string[] = [];

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
  }

  view(): { security: MetadataSecurity; trustAnchors: string[] } {
    return { security: this.security, trustAnchors: this.anchors };
  }
}
