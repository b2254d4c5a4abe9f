import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestCa, issueCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const ca = createTestCa({ commonName: 'Metadata Signing Root' });
const otherCa = createTestCa({ commonName: 'Someone Else Root' });
const idpKey = issueCertificate({ commonName: 'idp.trust.accord.test' });

function metadata(entityId: string): string {
  return idpMetadataXml({
    entityId,
    certPem: idpKey.certPem,
    ssoUrl: 'https://idp.trust.accord.test/sso',
  }).replace('<md:EntityDescriptor ', '<md:EntityDescriptor ID="_md1" ');
}

function signed(entityId: string, signer: { keyPem: string; certPem: string }): string {
  return signXmlElement(metadata(entityId), {
    key: privateKeyObject(signer.keyPem),
    certPem: signer.certPem,
    id: '_md1',
    placement: 'first-child',
  });
}

async function upload(sp: RunningSp, xml: string, security?: string) {
  const q = security === undefined ? '' : `?security=${security}`;
  const res = await fetch(`${sp.url}/__accord/peers${q}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  return {
    status: res.status,
    body: (await res.json()) as { entityId?: string; code?: string; error?: string },
  };
}

/** The check the reference SP is judged by: "more secure" refuses all but CA-signed metadata, saying why. */
async function judgeMoreSecure(sp: RunningSp): Promise<string[]> {
  const faults: string[] = [];
  const put = await fetch(`${sp.url}/__accord/metadata-trust`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ security: 'more', trustAnchors: [ca.certPem] }),
  });
  assert.equal(put.status, 200);
  const good = await upload(
    sp,
    signed('https://idp.trust.accord.test/good', ca.issue({ commonName: 'md signer' })),
  );
  if (good.status !== 200) faults.push(`CA-signed metadata refused: ${good.body.error}`);
  const cases: Array<[string, string, string]> = [
    ['unsigned', metadata('https://idp.trust.accord.test/unsigned'), 'metadata-unsigned'],
    [
      'tampered',
      signed('https://idp.trust.accord.test/tampered', ca.issue({ commonName: 'md signer' })).replace(
        'https://idp.trust.accord.test/sso',
        'https://evil.accord.test/sso',
      ),
      'metadata-tampered',
    ],
    [
      'self-signed',
      signed('https://idp.trust.accord.test/self', issueCertificate({ commonName: 'self' })),
      'metadata-untrusted',
    ],
    [
      'signed by another CA',
      signed('https://idp.trust.accord.test/other', otherCa.issue({ commonName: 'other signer' })),
      'metadata-untrusted',
    ],
    [
      'signed by an expired certificate of the CA',
      signed(
        'https://idp.trust.accord.test/expired',
        ca.issue({
          commonName: 'old signer',
          notBefore: new Date('2020-01-01T00:00:00Z'),
          notAfter: new Date('2021-01-01T00:00:00Z'),
        }),
      ),
      'metadata-untrusted',
    ],
  ];
  for (const [what, xml, code] of cases) {
    const r = await upload(sp, xml);
    if (r.status !== 400 || r.body.code !== code) {
      faults.push(`${what} metadata: answered ${r.status} ${r.body.code ?? ''}, expected 400 ${code}`);
    }
  }
  const trusted = (await (await fetch(`${sp.url}/__accord/peers`)).json()) as Array<{ entityId: string }>;
  const admitted = trusted.map((t) => t.entityId).filter((e) => !e.endsWith('/good'));
  if (admitted.length > 0) faults.push(`trusted after refusal: ${admitted.join(', ')}`);
  return faults;
}

describe('IdP metadata upload, less and more secure', () => {
  test('less secure (the default) takes unsigned and self-signed metadata', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-trust' });
    try {
      assert.equal((await upload(sp, metadata('https://idp.trust.accord.test/a'))).status, 200);
      const self = signed('https://idp.trust.accord.test/b', issueCertificate({ commonName: 'self' }));
      assert.equal((await upload(sp, self, 'less')).status, 200);
    } finally {
      await sp.close();
    }
  });

  test('more secure: CA-signed metadata accepted; unsigned, tampered and untrusted refused with the reason', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-trust' });
    try {
      assert.deepEqual(await judgeMoreSecure(sp), []);
      const r = await upload(sp, metadata('https://idp.trust.accord.test/c'));
      assert.match(r.body.error ?? '', /carries no signature/);
    } finally {
      await sp.close();
    }
  });

  test('seeded defect metadata-unsigned-accepted fails exactly the unsigned case', async () => {
    const sp = await startSpSimulator({
      keystore: ks.keystore,
      orgId: 'org-trust',
      defects: ['metadata-unsigned-accepted'],
    });
    try {
      const faults = await judgeMoreSecure(sp);
      assert.equal(faults.length, 2, faults.join('\n'));
      assert.match(faults[0], /^unsigned metadata: answered 200/);
      assert.match(faults[1], /^trusted after refusal: https:\/\/idp.trust.accord.test\/unsigned$/);
    } finally {
      await sp.close();
    }
  });

  test("the metadataTrust start option (a profile's builtin.options) sets the mode and anchors; a bad one names the field", async () => {
    const sp = await startSpSimulator({
      keystore: ks.keystore,
      orgId: 'org-trust',
      metadataTrust: { security: 'more', trustAnchors: [ca.certPem] },
    });
    try {
      const r = await upload(sp, metadata('https://idp.trust.accord.test/option'));
      assert.equal(r.body.code, 'metadata-unsigned', 'more secure from the start');
      const good = signed('https://idp.trust.accord.test/option', ca.issue({ commonName: 'md signer' }));
      assert.equal((await upload(sp, good)).status, 200, 'the anchor given at start is trusted');
    } finally {
      await sp.close();
    }
    await assert.rejects(
      startSpSimulator({ keystore: ks.keystore, orgId: 'org-trust', metadataTrust: { security: 'most' } }),
      /reference SP: metadataTrust\.security must be equal to one of the allowed values/,
    );
  });

  test('a bad mode or trust anchor is a 400 naming the parameter', async () => {
    const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-trust' });
    try {
      const r = await upload(sp, metadata('https://idp.trust.accord.test/d'), 'paranoid');
      assert.equal(r.status, 400);
      assert.match(r.body.error ?? '', /security must be one of less, more/);
      const put = await fetch(`${sp.url}/__accord/metadata-trust`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ security: 'more', trustAnchors: ['-----BEGIN CERTIFICATE-----\nnope\n'] }),
      });
      assert.equal(put.status, 400);
      assert.match(
        ((await put.json()) as { error: string }).error,
        /trustAnchors\[0\] is not a PEM certificate/,
      );
      const bad = await fetch(`${sp.url}/__accord/metadata-trust`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ security: 'most' }),
      });
      assert.equal(bad.status, 400);
      assert.match(
        ((await bad.json()) as { error: string }).error,
        /body\.security must be equal to one of the allowed values \(less, more\)/,
      );
    } finally {
      await sp.close();
    }
  });
});
