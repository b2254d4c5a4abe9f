import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { issueCertificate, verifyChain } from '../../lib/pki/index.ts';
import { verifyRedirectSignature } from '../../lib/saml/bindings.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const IDP = 'https://idp.renewal.accord.test';
const idpKey = issueCertificate({ commonName: 'idp.renewal.accord.test' });

async function json(sp: RunningSp, path: string, body?: unknown) {
  const res = await fetch(`${sp.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function metadata(sp: RunningSp) {
  const xml = await (await fetch(`${sp.url}/__accord/certificates/metadata`)).text();
  const md = parseMetadata(xml, 'SP metadata');
  const root = parseUntrustedXml(xml, 'SP metadata').documentElement!;
  const signature = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: md.sp!.certs.signing })[0];
  return {
    signing: md.sp!.certs.signing,
    encryption: md.sp!.certs.encryption,
    signatureValid: signature?.valid,
  };
}

/** Which of the certificates verifies the AuthnRequest the SP sends now (HTTP-Redirect). */
async function requestSigner(sp: RunningSp, certs: Record<string, string>): Promise<string> {
  const res = await fetch(`${sp.url}/login?binding=redirect`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const rawQuery = new URL(res.headers.get('location')!).search.slice(1);
  for (const [name, pem] of Object.entries(certs))
    if (verifyRedirectSignature(rawQuery, [pem]).valid) return name;
  return 'none';
}

const same = (a: string, b: string) =>
  new X509Certificate(a).fingerprint256 === new X509Certificate(b).fingerprint256;

/**
 * The check the reference SP is judged by, step by step as the seed's "Renew SP certificate":
 * what the metadata publishes and which key signs AuthnRequests at each step. Returns the faults.
 */
async function judgeRenewal(
  defects: string[],
  idpSupport: 'multiple' | 'single',
  type: 'self-signed' | 'ca-signed',
): Promise<string[]> {
  const faults: string[] = [];
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-renewal', defects });
  try {
    const up = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: idpMetadataXml({ entityId: IDP, certPem: idpKey.certPem, ssoUrl: `${IDP}/sso` }),
    });
    assert.equal(up.status, 200);
    const [old] = (await metadata(sp)).signing;
    const renewed = await json(sp, '/__accord/certificates/renew', { idpSupport, type });
    if (renewed.status !== 200) return [`renew answered ${renewed.status}: ${JSON.stringify(renewed.body)}`];
    const fresh = await (await fetch(`${sp.url}/__accord/certificates/certificate`)).text();
    const certs = { old, new: fresh };
    const x = new X509Certificate(fresh);
    const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
    if (type === 'self-signed' && (days < 5 * 365 - 1 || x.issuer !== x.subject))
      faults.push(`self-signed certificate: ${days} days, issuer ${x.issuer}`);
    if (type === 'ca-signed') {
      const ca = await (await fetch(`${sp.url}/__accord/certificates/ca`)).text();
      const chain = verifyChain(fresh, [ca], new Date());
      if (!chain.ok) faults.push(`CA-signed certificate: ${chain.detail}`);
    }
    const during = await metadata(sp);
    const published = during.signing
      .map((c) => (same(c, old) ? 'old' : same(c, fresh) ? 'new' : '?'))
      .join('+');
    const expected = idpSupport === 'multiple' ? 'old+new' : 'new';
    if (published !== expected)
      faults.push(`metadata during renewal publishes ${published}, expected ${expected}`);
    if (!during.signatureValid) faults.push('metadata during renewal: signature does not verify');
    if (during.encryption.length !== 1 || !same(during.encryption[0], fresh))
      faults.push('metadata during renewal: the encryption certificate is not the new one');
    if (idpSupport === 'multiple') {
      const before = await requestSigner(sp, certs);
      if (before !== 'old')
        faults.push(`before the IdPs are updated, AuthnRequests are signed with ${before}`);
      const early = await json(sp, '/__accord/certificates/finish', {});
      if (early.status !== 409) faults.push(`finish before the IdPs are updated answered ${early.status}`);
      await json(sp, '/__accord/certificates/idps-updated', {});
    }
    const switched = await requestSigner(sp, certs);
    if (switched !== 'new') faults.push(`after the switch, AuthnRequests are signed with ${switched}`);
    const finished = await json(sp, '/__accord/certificates/finish', {});
    if (finished.status !== 200) faults.push(`finish answered ${finished.status}`);
    const done = await metadata(sp);
    if (done.signing.length !== 1 || !same(done.signing[0], fresh))
      faults.push('after Finish renewal, the metadata does not publish the new certificate alone');
    if ((finished.body.retired as unknown[] | undefined)?.length !== 1)
      faults.push('the old key is not listed as retired');
    const last = await requestSigner(sp, certs);
    if (last !== 'new') faults.push(`after Finish renewal, AuthnRequests are signed with ${last}`);
  } finally {
    await sp.close();
  }
  return faults;
}

describe('SP certificate renewal', () => {
  for (const idpSupport of ['multiple', 'single'] as const) {
    for (const type of ['self-signed', 'ca-signed'] as const) {
      test(`an IdP that supports ${idpSupport} certificate(s), ${type}`, async () => {
        assert.deepEqual(await judgeRenewal([], idpSupport, type), []);
      });
    }
  }

  test('seeded defect renewal-keeps-old-key fails it: AuthnRequests stay signed with the old key', async () => {
    assert.deepEqual(await judgeRenewal(['renewal-keeps-old-key'], 'single', 'self-signed'), [
      'after the switch, AuthnRequests are signed with old',
    ]);
    assert.deepEqual(await judgeRenewal(['renewal-keeps-old-key'], 'multiple', 'self-signed'), [
      'after the switch, AuthnRequests are signed with old',
    ]);
  });

  test('bad requests: a 400 naming the field, a 409 naming the step', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-renewal' });
    try {
      const bad = await json(sp, '/__accord/certificates/renew', {
        idpSupport: 'several',
        type: 'self-signed',
        x: 1,
      });
      assert.equal(bad.status, 400);
      assert.match(
        String(bad.body.error),
        /body\.idpSupport must be equal to one of the allowed values \(multiple, single\)/,
      );
      assert.match(String(bad.body.error), /must NOT have additional properties "x"/);
      const early = await json(sp, '/__accord/certificates/finish', {});
      assert.equal(early.status, 409);
      assert.match(String(early.body.error), /no renewal is under way/);
      const page = await (await fetch(`${sp.url}/certificates`)).text();
      assert.match(page, /Renew certificate/);
      const form = await fetch(`${sp.url}/__accord/certificates/renew`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'idpSupport=multiple&type=self-signed',
        redirect: 'manual',
      });
      assert.equal(form.status, 303);
      assert.match(await (await fetch(`${sp.url}/certificates`)).text(), /Successfully updated all the IdPs/);
      const twice = await json(sp, '/__accord/certificates/renew', {
        idpSupport: 'single',
        type: 'self-signed',
      });
      assert.equal(twice.status, 409);
    } finally {
      await sp.close();
    }
  });
});
