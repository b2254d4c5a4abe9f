const DAY_MS = 86_400_000;

/**
 * Seed ("Certificate expiry alert rules"): "We send certificate expiry alerts once every 15 days,
 * starting 60 days before expiry. (You can expect alerts on day 60, 45, 30, and 15.) Alerts stop
 * when you renew the certificate."
 */
export const EXPIRY_ALERT_DAYS: readonly number[] = [60, 45, 30, 15];

/** A certificate an organization relies on: the SP's own, or one of a trusted IdP's. */
export interface WatchedCertificate {
  /** "SSO SP Certificate expiry" or "SSO IDP Certificate expiry", as the seed names the rules. */
  kind: 'sp' | 'idp';
  /** Whose certificate: the SP's entityID, or the IdP's. */
  owner: string;
  /** SHA-256 fingerprint, so an alert names the certificate it is about. */
  fingerprint256: string;
  notAfter: Date;
}

export interface ExpiryAlert {
  kind: 'sp' | 'idp';
  owner: string;
  fingerprint256: string;
  /** 60, 45, 30 or 15: how many days before expiry the alert was raised. */
  daysBefore: number;
  raisedAt: string;
  notAfter: string;
}

/**
 * The expiry alerts raised by `now` for the certificates in use: one on each of the days before
 * expiry that `days` lists, from that instant on. A renewed certificate is no longer in use and
 * its caller leaves it out, so its alerts stop. Newest first.
 */
export function expiryAlerts(
  certs: readonly WatchedCertificate[],
  now: Date,
  days: readonly number[] = EXPIRY_ALERT_DAYS,
): ExpiryAlert[] {
  const out: ExpiryAlert[] = [];
  for (const c of certs) {
    for (const d of days) {
      const raisedAt = c.notAfter.getTime() - d * DAY_MS;
      if (raisedAt > now.getTime()) continue;
      out.push({
        kind: c.kind,
        owner: c.owner,
        fingerprint256: c.fingerprint256,
        daysBefore: d,
        raisedAt: new Date(raisedAt).toISOString(),
        notAfter: c.notAfter.toISOString(),
      });
    }
  }
  return out.sort((a, b) => b.raisedAt.localeCompare(a.raisedAt) || a.owner.localeCompare(b.owner));
}
