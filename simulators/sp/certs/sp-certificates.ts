import type { KeyObject } from 'node:crypto';
import type {
  CertificatesView,
  IdpCertificateSupport,
  SpCertificateType,
} from '../../../lib/admin/sp-certificates-client.ts';
import {
  describeCertificate,
  type KeyAndCertificate,
  privateKeyObject,
} from '../../../lib/pki/certificate.ts';
import { issueCertificate } from '../../../lib/pki/issue-certificate.ts';
import type { TestCa } from '../../../lib/pki/test-ca.ts';
import type { SpCertificatesStore, StoredCertificates } from './certificates-store.ts';

export type {
  CertificateSummary,
  IdpCertificateSupport,
  SpCertificateType,
} from '../../../lib/admin/sp-certificates-client.ts';

export const IDP_CERTIFICATE_SUPPORT: readonly IdpCertificateSupport[] = ['multiple', 'single'];
export const SP_CERTIFICATE_TYPES: readonly SpCertificateType[] = ['self-signed', 'ca-signed'];

/** "Self-signed by Cisco ... renew it once every five years." */
export const SELF_SIGNED_DAYS = 5 * 365;
/** A CA-signed certificate is short-lived ("you'll need to frequently update the metadata"). */
export const CA_SIGNED_DAYS = 365;

export interface SpKey extends KeyAndCertificate {
  type: SpCertificateType;
  object: KeyObject;
}

/**
 * The renewal under way. `multiple`: the new certificate is published beside the old one and the
 * SP goes on signing with the old key until the administrator confirms the IdPs have the new
 * metadata (step 11, "Successfully updated all the IdPs"), then signs with the new one. `single`:
 * only the new certificate is published and the SP signs with it at once.
 */
export interface Renewal {
  idpSupport: IdpCertificateSupport;
  next: SpKey;
  signingWithNext: boolean;
  startedAt: string;
}

export class RenewalStateError extends Error {}

/**
 * The reference SP's own keys: the certificate in use, the renewal under way, the key retired by
 * "Finish renewal". With a store they survive a restart (certificates-store.ts); without one (a
 * seeded defect's own key) they live in memory.
 */
export class SpCertificates {
  private current: SpKey;
  private renewal?: Renewal;
  private retired: SpKey[] = [];
  /** A renewal finished since this process started (the seeded defect acts on that one only). */
  private finishedHere = false;
  private readonly listeners: Array<() => void> = [];

  constructor(
    initial: KeyAndCertificate,
    private readonly opts: {
      commonName: string;
      clock: () => Date;
      /** The CA that signs "ca-signed" certificates; its certificate is the trust anchor IdPs may configure. */
      ca: () => TestCa;
      /** Seeded defect: the renewal switches the published certificate but keeps signing with the old key. */
      keepsOldSigningKey?: boolean;
      /** Seeded defect: during a renewal only the old key decrypts, though the new certificate is published. */
      decryptsWithOldKeyOnly?: boolean;
      /** Seeded defect: after "Finish renewal" the metadata publishes the retired encryption certificate again. */
      publishesRetiredEncryptionCert?: boolean;
      /** Where the keys and the renewal's steps are kept across restarts. */
      store?: SpCertificatesStore;
    },
  ) {
    const stored = opts.store?.load();
    this.current = stored ? spKey(stored.current, stored.current.type) : spKey(initial, 'self-signed');
    if (stored?.renewal) {
      const { next, ...steps } = stored.renewal;
      this.renewal = { ...steps, next: spKey(next, next.type) };
    }
    this.retired = stored?.retired.map((k) => spKey(k, k.type)) ?? [];
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The key AuthnRequests, LogoutRequests and LogoutResponses are signed with. */
  get signing(): SpKey {
    if (this.renewal?.signingWithNext && !this.opts.keepsOldSigningKey) return this.renewal.next;
    return this.current;
  }

  /** Signing keys whose certificates the metadata publishes, the one in use first (it signs the metadata). */
  get publishedSigning(): SpKey[] {
    if (!this.renewal) return [this.current];
    if (this.renewal.idpSupport === 'single') return [this.renewal.next];
    return this.renewal.signingWithNext
      ? [this.renewal.next, this.current]
      : [this.current, this.renewal.next];
  }

  /** The encryption certificate the metadata publishes: the new one as soon as it exists. */
  get encryption(): SpKey {
    const retired = this.retired.at(-1);
    if (!this.renewal && retired && this.finishedHere && this.opts.publishesRetiredEncryptionCert)
      return retired;
    return this.renewal?.next ?? this.current;
  }

  /** Keys an EncryptedAssertion may have been encrypted to: an IdP not yet updated still uses the old one. */
  get decryptionKeys(): SpKey[] {
    if (!this.renewal || this.opts.decryptsWithOldKeyOnly) return [this.current];
    return [this.renewal.next, this.current];
  }

  /** The newest SP certificate: the one expiry alerts watch, so they stop once a renewal starts. */
  get newest(): SpKey {
    return this.renewal?.next ?? this.current;
  }

  get pending(): Renewal | undefined {
    return this.renewal;
  }

  renew(idpSupport: IdpCertificateSupport, type: SpCertificateType): Renewal {
    if (this.renewal) {
      throw new RenewalStateError(
        'a renewal is already under way: finish it first (POST /__accord/certificates/finish)',
      );
    }
    const notBefore = new Date(this.opts.clock().getTime() - 60_000);
    const subject = { commonName: this.opts.commonName, organization: 'Accord reference SP', notBefore };
    const pair =
      type === 'self-signed'
        ? issueCertificate({ ...subject, validDays: SELF_SIGNED_DAYS })
        : this.opts.ca().issue({ ...subject, validDays: CA_SIGNED_DAYS });
    this.renewal = {
      idpSupport,
      next: spKey(pair, type),
      signingWithNext: idpSupport === 'single',
      startedAt: this.opts.clock().toISOString(),
    };
    this.opts.store?.renewed(this.stored());
    this.changed();
    return this.renewal;
  }

  /** Step 11, "Successfully updated all the IdPs": the SP signs with the new key from now on. */
  confirmIdpsUpdated(): Renewal {
    if (!this.renewal)
      throw new RenewalStateError(
        'no renewal is under way: start one first (POST /__accord/certificates/renew)',
      );
    this.renewal.signingWithNext = true;
    this.opts.store?.save(this.stored());
    this.changed();
    return this.renewal;
  }

  /** Step 12, "Finish renewal": the new certificate is the only one; the old key is retired. */
  finish(): SpKey {
    if (!this.renewal)
      throw new RenewalStateError(
        'no renewal is under way: start one first (POST /__accord/certificates/renew)',
      );
    if (!this.renewal.signingWithNext) {
      throw new RenewalStateError(
        'the IdPs have not been confirmed updated yet: POST /__accord/certificates/idps-updated first',
      );
    }
    // Only the key just retired is kept: nothing decrypts or signs with it, the page shows it.
    this.retired = [this.current];
    this.current = this.renewal.next;
    this.renewal = undefined;
    this.finishedHere = true;
    this.opts.store?.finished(this.stored());
    this.changed();
    return this.current;
  }

  /** What the admin API and the page show. */
  view(): CertificatesView {
    const now = this.opts.clock();
    const summary = (k: SpKey) => {
      const d = describeCertificate(k.certPem, now);
      return {
        type: k.type,
        subject: d.subject,
        notBefore: d.notBefore.toISOString(),
        notAfter: d.notAfter.toISOString(),
        daysLeft: d.daysLeft,
        fingerprint256: d.fingerprint256,
      };
    };
    return {
      current: summary(this.current),
      // What the renewal says, not what signs: a seeded defect may sign otherwise.
      signingWith: this.renewal?.signingWithNext ? 'next' : 'current',
      renewal: this.renewal
        ? {
            idpSupport: this.renewal.idpSupport,
            startedAt: this.renewal.startedAt,
            idpsUpdated: this.renewal.signingWithNext,
            next: summary(this.renewal.next),
          }
        : null,
      retired: this.retired.map(summary),
    };
  }

  private stored(): StoredCertificates {
    return { current: this.current, renewal: this.renewal, retired: this.retired };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function spKey(pair: KeyAndCertificate, type: SpCertificateType): SpKey {
  return { ...pair, type, object: privateKeyObject(pair.keyPem) };
}
