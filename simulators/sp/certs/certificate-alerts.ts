import { X509Certificate } from 'node:crypto';
import {
  EXPIRY_ALERT_DAYS,
  type ExpiryAlert,
  expiryAlerts,
  type WatchedCertificate,
} from '../../../lib/pki/expiry-alerts.ts';
import type { TrustedIdp } from '../peers.ts';
import type { SpCertificates } from './sp-certificates.ts';

/** The seeded defect's schedule: counted from the day after, one day late on each alert. */
export const WRONG_ALERT_DAYS: readonly number[] = EXPIRY_ALERT_DAYS.map((d) => d - 1);

/**
 * The Alerts center's "SSO SP Certificate expiry" and "SSO IDP Certificate expiry" alerts: the
 * SP's newest certificate, and for each trusted IdP its signing certificate that expires last
 * (an IdP that published a renewed certificate has renewed, so the old one's alerts stop).
 */
export function certificateAlerts(
  spEntityId: string,
  certs: SpCertificates,
  idps: readonly TrustedIdp[],
  now: Date,
  days: readonly number[] = EXPIRY_ALERT_DAYS,
): ExpiryAlert[] {
  const watched: WatchedCertificate[] = [];
  const sp = watch('sp', spEntityId, certs.newest.certPem);
  if (sp) watched.push(sp);
  for (const idp of idps) {
    const latest = idp.signingCerts
      .map((pem) => watch('idp', idp.entityId, pem))
      .filter((w): w is WatchedCertificate => w !== undefined)
      .sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime())[0];
    if (latest) watched.push(latest);
  }
  return expiryAlerts(watched, now, days);
}

/** An unreadable certificate has no expiry to watch; the metadata checks report it, not the alerts. */
function watch(kind: 'sp' | 'idp', owner: string, pem: string): WatchedCertificate | undefined {
  try {
    const x = new X509Certificate(pem);
    return { kind, owner, fingerprint256: x.fingerprint256, notAfter: new Date(x.validTo) };
  } catch {
    return undefined;
  }
}
