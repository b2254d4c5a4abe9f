import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { EXPIRY_ALERT_DAYS, expiryAlerts, type WatchedCertificate } from '../../lib/pki/expiry-alerts.ts';
import { issueCertificate } from '../../lib/pki/index.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import { idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

const DAY = 86_400_000;
const EXPIRY = new Date('2027-03-31T12:00:00Z');
const before = (days: number, ms = 0) => new Date(EXPIRY.getTime() - days * DAY + ms);
const cert: WatchedCertificate = { kind: 'sp', owner: 'sp', fingerprint256: 'AA', notAfter: EXPIRY };
const days = (now: Date) => expiryAlerts([cert], now).map((a) => a.daysBefore);

describe('expiry alerts (pure)', () => {
  test('the seed schedule: day 60, 45, 30 and 15 before expiry', () => {
    assert.deepEqual(EXPIRY_ALERT_DAYS, [60, 45, 30, 15]);
  });

  test('none before day 60; each alert from its day on, newest first', () => {
    assert.deepEqual(days(before(61)), []);
    assert.deepEqual(days(before(60, -1)), []);
    assert.deepEqual(days(before(60)), [60]);
    assert.deepEqual(days(before(46)), [60]);
    assert.deepEqual(days(before(45)), [45, 60]);
    assert.deepEqual(days(before(30)), [30, 45, 60]);
    assert.deepEqual(days(before(16)), [30, 45, 60]);
    assert.deepEqual(days(before(15)), [15, 30, 45, 60]);
    assert.deepEqual(days(before(1)), [15, 30, 45, 60]);
    assert.equal(expiryAlerts([cert], before(45))[0].raisedAt, before(45).toISOString());
  });

  test('a renewed certificate (left out by its caller) raises nothing', () => {
    assert.deepEqual(expiryAlerts([], before(15)), []);
  });
});

const ks = tempKeystore();
after(() => ks.dispose());

/**
 * The check the reference SP is judged by: with a clock 45 days before an IdP certificate expires
 * (and 60 days before the SP's own, a certificate renewed with the keystore's key), the alerts
 * listed are exactly the seed's; after renewing, the SP's stop.
 */
async function judgeAlerts(defects: string[]): Promise<string[]> {
  const now = new Date('2027-01-01T00:00:00Z');
  const faults: string[] = [];
  ks.keystore.create('sp-org-alerts', {
    commonName: 'accord-sp-org-alerts',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date(now.getTime() + 60 * DAY),
  });
  const idp = issueCertificate({
    commonName: 'idp.alerts.accord.test',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date(now.getTime() + 45 * DAY),
  });
  const sp = await startSpSimulator({
    keystore: ks.keystore,
    orgId: 'org-alerts',
    clock: () => now,
    defects,
  });
  try {
    const up = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: idpMetadataXml({
        entityId: 'https://idp.alerts.accord.test',
        certPem: idp.certPem,
        ssoUrl: 'https://idp.alerts.accord.test/sso',
      }),
    });
    assert.equal(up.status, 200);
    const list = async (q = '') =>
      (
        (await (await fetch(`${sp.url}/__accord/certificates/alerts${q}`)).json()) as {
          alerts: Array<{ kind: string; daysBefore: number }>;
        }
      ).alerts
        .map((a) => `${a.kind}:${a.daysBefore}`)
        .sort();
    const seen = await list();
    if (seen.join() !== 'idp:45,idp:60,sp:60') faults.push(`at day 60/45: ${seen.join() || 'none'}`);
    const later = await list(`?at=${new Date(now.getTime() + 30 * DAY).toISOString()}`);
    if (later.join() !== 'idp:15,idp:30,idp:45,idp:60,sp:30,sp:45,sp:60')
      faults.push(`30 days later: ${later.join() || 'none'}`);
    const renew = await fetch(`${sp.url}/__accord/certificates/renew`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idpSupport: 'single', type: 'self-signed' }),
    });
    assert.equal(renew.status, 200);
    const afterRenewal = await list();
    if (afterRenewal.some((a) => a.startsWith('sp:'))) faults.push(`after renewal: ${afterRenewal.join()}`);
    const page = await (await fetch(`${sp.url}/certificates`)).text();
    if ((page.match(/class="alert"/g) ?? []).length !== afterRenewal.length)
      faults.push('the page lists other alerts');
    // The IdP renews too: its metadata publishes a new signing certificate beside the old one.
    const renewedIdp = issueCertificate({
      commonName: 'idp.alerts.accord.test',
      notBefore: new Date('2026-12-01T00:00:00Z'),
      notAfter: new Date(now.getTime() + 730 * DAY),
    });
    const again = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: idpMetadataXml({
        entityId: 'https://idp.alerts.accord.test',
        certPem: idp.certPem,
        nextCertPem: renewedIdp.certPem,
        ssoUrl: 'https://idp.alerts.accord.test/sso',
      }),
    });
    assert.equal(again.status, 200);
    const afterIdpRenewal = await list();
    if (afterIdpRenewal.length > 0) faults.push(`after both renewals: ${afterIdpRenewal.join()}`);
  } finally {
    await sp.close();
  }
  return faults;
}

describe('expiry alerts of the reference SP', () => {
  test('listed by the admin API and the page on the seed days, stopping when the SP certificate is renewed and when the IdP publishes a renewed one', async () => {
    assert.deepEqual(await judgeAlerts([]), []);
  });

  test('seeded defect alerts-wrong-days fails it', async () => {
    const faults = await judgeAlerts(['alerts-wrong-days']);
    assert.equal(faults.length, 2, faults.join('\n'));
    assert.match(faults[0], /^at day 60\/45: idp:59$/);
    assert.match(faults[1], /^30 days later: idp:29,idp:44,idp:59,sp:44,sp:59$/);
  });

  test('a bad date is a 400 naming the parameter', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-alerts' });
    try {
      const r = await fetch(`${sp.url}/__accord/certificates/alerts?at=tomorrow`);
      assert.equal(r.status, 400);
      assert.match(((await r.json()) as { error: string }).error, /at must be one ISO 8601 date-time/);
    } finally {
      await sp.close();
    }
  });
});
