import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { CertificatesView } from '../../lib/admin/sp-certificates-client.ts';
import { createTestCa, issueCertificate } from '../../lib/pki/index.ts';
import { buildIdpMetadata } from '../../lib/saml/metadata/build-idp-metadata.ts';
import { NAMEID_FORMAT } from '../../lib/saml/namespaces.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { tempKeystore } from './validate-fixtures.ts';

const DAY = 86_400_000;
const ks = tempKeystore();
after(() => ks.dispose());
const ca = createTestCa({ commonName: 'Metadata Forms Root' });
const idpKey = issueCertificate({ commonName: 'idp.forms.accord.test' });

/** IdP metadata, built as the SP-META-TRUST probes are; `signer` signs it enveloped when given. */
function metadata(entityId: string, signer?: { keyPem: string; certPem: string }): string {
  return buildIdpMetadata({
    entityId,
    ssoUrl: 'https://idp.forms.accord.test/sso',
    sloUrl: 'https://idp.forms.accord.test/slo',
    certPem: idpKey.certPem,
    nameIdFormats: [NAMEID_FORMAT.emailAddress],
    id: true,
    ...(signer ? { sign: { key: signer.keyPem, certPem: signer.certPem } } : {}),
  });
}

const caSigned = (entityId: string) => metadata(entityId, ca.issue({ commonName: 'forms metadata signer' }));

/** A form of the certificates page, posted as a browser posts it. */
async function post(sp: RunningSp, path: string, fields: Record<string, string>) {
  const res = await fetch(`${sp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

const certificatesPage = async (sp: RunningSp) => (await fetch(`${sp.url}/certificates`)).text();
const view = async (sp: RunningSp) =>
  (await (await fetch(`${sp.url}/__accord/certificates`)).json()) as CertificatesView;

describe('the certificates page, driven by its forms', () => {
  test('upload less/more secure, trust anchors, renewal, clock and alerts', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-forms' });
    try {
      const start = await certificatesPage(sp);
      for (const form of ['upload-idp-metadata', 'add-trust-anchor', 'renew', 'set-clock']) {
        assert.match(start, new RegExp(`<form [^>]*id="${form}"`), `the page has the ${form} form`);
      }

      // More secure, no anchor yet: unsigned metadata refused, saying so.
      const unsigned = await post(sp, '/certificates/idp-metadata', {
        metadata: metadata('https://idp.forms.accord.test/unsigned'),
        security: 'more',
      });
      assert.equal(unsigned.status, 400);
      assert.match(unsigned.html, /IdP metadata refused: unsigned/);
      assert.match(unsigned.html, /data-code="metadata-unsigned"/);
      assert.match(unsigned.html, /href="\/certificates"/);
      // The admin API judges with the same code and answers in JSON, as before.
      const api = await fetch(`${sp.url}/__accord/peers?security=more`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml' },
        body: metadata('https://idp.forms.accord.test/api'),
      });
      assert.equal(api.status, 400);
      assert.equal(((await api.json()) as { code: string }).code, 'metadata-unsigned');

      // Fields at fault are named; hostile XML is refused by the shared parser.
      const noXml = await post(sp, '/certificates/idp-metadata', { security: 'more' });
      assert.equal(noXml.status, 400);
      assert.match(noXml.html, /data-code="metadata"/);
      assert.match(noXml.html, /metadata is missing/);
      const badMode = await post(sp, '/certificates/idp-metadata', {
        metadata: metadata('https://idp.forms.accord.test/x'),
        security: 'most',
      });
      assert.equal(badMode.status, 400);
      assert.match(badMode.html, /security must be one of less, more/);
      const bomb = await post(sp, '/certificates/idp-metadata', {
        metadata: `<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">&b;</md:EntityDescriptor>`,
        security: 'more',
      });
      assert.equal(bomb.status, 400);
      assert.match(bomb.html, /data-code="doctype-forbidden"/);
      const huge = await post(sp, '/certificates/idp-metadata', {
        metadata: 'x'.repeat(1_100_000),
        security: 'less',
      });
      assert.equal(huge.status, 413);
      const badPem = await post(sp, '/certificates/trust-anchors', { pem: 'not a certificate' });
      assert.equal(badPem.status, 400);
      assert.match(badPem.html, /data-code="pem"/);

      // A trust anchor added through the form is listed with its subject and expiry ...
      const added = await post(sp, '/certificates/trust-anchors', { pem: ca.certPem });
      assert.equal(added.status, 303);
      assert.equal(added.location, '/certificates');
      const withAnchor = await certificatesPage(sp);
      assert.match(withAnchor, /<tr class="anchor"><td>[^<]*Metadata Forms Root/);
      const trust = (await (await fetch(`${sp.url}/__accord/metadata-trust`)).json()) as {
        trustAnchors: string[];
      };
      assert.equal(trust.trustAnchors.length, 1);

      // ... and metadata signed by a certificate it issued is accepted in "more secure".
      const good = await post(sp, '/certificates/idp-metadata', {
        metadata: caSigned('https://idp.forms.accord.test/good'),
        security: 'more',
      });
      assert.equal(good.status, 200, good.html);
      assert.match(good.html, /IdP metadata uploaded/);
      assert.match(good.html, /https:\/\/idp\.forms\.accord\.test\/good is trusted/);
      const peers = (await (await fetch(`${sp.url}/__accord/peers`)).json()) as Array<{
        entityId: string;
      }>;
      assert.deepEqual(
        peers.map((p) => p.entityId),
        ['https://idp.forms.accord.test/good'],
      );
      assert.match(await certificatesPage(sp), /<td>https:\/\/idp\.forms\.accord\.test\/good<\/td>/);

      // Renew SP certificate: renew, "Successfully updated all the IdPs", "Finish renewal".
      const old = (await view(sp)).current.fingerprint256;
      const renew = await post(sp, '/__accord/certificates/renew', {
        idpSupport: 'multiple',
        type: 'self-signed',
      });
      assert.equal(renew.status, 303);
      const renewing = await view(sp);
      assert.equal(renewing.renewal?.idpSupport, 'multiple');
      const renewPage = await certificatesPage(sp);
      assert.match(renewPage, /href="\/__accord\/certificates\/metadata">Download metadata/);
      assert.match(renewPage, /href="\/__accord\/certificates\/certificate">Download certificate/);
      const early = await post(sp, '/__accord/certificates/finish', {});
      assert.equal(early.status, 409);
      assert.match(early.html, /data-code="renewal-state"/);
      assert.equal((await post(sp, '/__accord/certificates/idps-updated', {})).status, 303);
      assert.equal((await post(sp, '/__accord/certificates/finish', {})).status, 303);
      const renewed = await view(sp);
      assert.equal(renewed.renewal, null);
      assert.equal(renewed.current.fingerprint256, renewing.renewal?.next.fingerprint256);
      assert.deepEqual(
        renewed.retired.map((c) => c.fingerprint256),
        [old],
      );

      // The clock: a bad value is named; set 45 days before the SP certificate expires, the page
      // lists that alert, computed from the clock it shows.
      const badClock = await post(sp, '/certificates/clock', { now: 'next tuesday' });
      assert.equal(badClock.status, 400);
      assert.match(badClock.html, /data-code="now"/);
      const at = new Date(Date.parse(renewed.current.notAfter) - 45 * DAY).toISOString();
      const set = await post(sp, '/certificates/clock', { now: at });
      assert.equal(set.status, 303);
      const later = await certificatesPage(sp);
      assert.match(
        later,
        new RegExp(`<p id="clock">Clock the alerts are computed from: <time>${at.slice(0, 16)}`),
      );
      const spAlerts = [
        ...later.matchAll(
          /<tr class="alert"><td>SSO SP Certificate expiry<\/td><td>[^<]*<\/td><td>(\d+)<\/td>/g,
        ),
      ].map((m) => Number(m[1]));
      assert.deepEqual(spAlerts, [45, 60]);
      assert.equal((await post(sp, '/certificates/clock/reset', {})).status, 303);
      assert.doesNotMatch(await certificatesPage(sp), /SSO SP Certificate expiry/);

      // An anchor is removed by its fingerprint; an unknown one is named.
      const unknown = await post(sp, '/certificates/trust-anchors/remove', { fingerprint256: 'AA:BB' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.html, /data-code="fingerprint256"/);
      const anchor = /name="fingerprint256" value="([^"]+)"/.exec(await certificatesPage(sp))?.[1];
      assert.ok(anchor);
      const removed = await post(sp, '/certificates/trust-anchors/remove', { fingerprint256: anchor });
      assert.equal(removed.status, 303);
      assert.match(await certificatesPage(sp), /<p id="trust-anchors">No trust anchors/);
    } finally {
      await sp.close();
    }
  });

  test('PUT /__accord/clock sets the clock, a bad body is a 400 naming the field, DELETE resets it', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-forms-clock' });
    try {
      const put = (body: unknown) =>
        fetch(`${sp.url}/__accord/clock`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const bad = await put({ now: '2030-01-01' });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { code: string }).code, 'now');
      const extra = await put({ now: '2030-01-01T00:00:00Z', speed: 2 });
      assert.equal(extra.status, 400);
      const ok = await put({ now: '2030-01-01T00:00:00Z' });
      assert.equal(ok.status, 200);
      const shown = (await ok.json()) as { now: string; set: boolean };
      assert.equal(shown.set, true);
      assert.ok(shown.now.startsWith('2030-01-01T00:00'), shown.now);
      const reset = (await (await fetch(`${sp.url}/__accord/clock`, { method: 'DELETE' })).json()) as {
        set: boolean;
        now: string;
      };
      assert.equal(reset.set, false);
      assert.ok(Math.abs(Date.parse(reset.now) - Date.now()) < 60_000);
    } finally {
      await sp.close();
    }
  });
});
