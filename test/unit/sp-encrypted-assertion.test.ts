import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { privateKeyObject } from '../../lib/pki/index.ts';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { encryptAssertion } from '../../lib/saml/encryption/encrypt-assertion.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { buildResponseXml, idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const idpKey = ks.keystore.get('idp-enc');
const IDP = 'https://idp.enc.test/idp';

async function trustingSp(defects: string[] = []): Promise<{ sp: RunningSp; encryptionCert: string }> {
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-enc', defects });
  const res = await fetch(`${sp.url}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: idpMetadataXml({ entityId: IDP, certPem: idpKey.certPem, ssoUrl: 'https://idp.enc.test/sso' }),
  });
  assert.equal(res.status, 200);
  const md = parseMetadata(await (await fetch(sp.info.metadataUrl)).text(), 'SP metadata');
  const encryptionCert = md.sp?.certs.encryption[0];
  assert.ok(encryptionCert, 'the SP metadata publishes an encryption certificate');
  return { sp, encryptionCert };
}

/** An unsolicited Response for the SP, its assertion encrypted to the SP's metadata certificate. */
async function encryptedResponse(sp: RunningSp, certPem: string, signResponse: boolean): Promise<string> {
  const plain = buildResponseXml({
    issuer: IDP,
    inResponseTo: null,
    recipient: sp.info.acsUrl,
    audience: sp.info.entityId,
    now: new Date(),
    key: idpKey,
  });
  const xml = await encryptAssertion(plain, { certPem, data: 'aes256-cbc' });
  if (!signResponse) return xml;
  const id = parseUntrustedXml(xml).documentElement!.getAttribute('ID')!;
  return signXmlElement(xml, { id, key: privateKeyObject(idpKey.keyPem), certPem: idpKey.certPem });
}

async function post(sp: RunningSp, xml: string): Promise<Response> {
  return fetch(`${sp.url}/acs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: encodePostMessage(xml) }).toString(),
    redirect: 'manual',
  });
}

const checkOf = async (res: Response) => /data-check="([^"]*)"/.exec(await res.text())?.[1];

describe('reference SP and encrypted assertions', () => {
  let clean: Awaited<ReturnType<typeof trustingSp>>;
  before(async () => {
    clean = await trustingSp();
  });
  after(() => clean.sp.close());

  test('decrypts an assertion encrypted to its metadata certificate, with or without a Response signature', async () => {
    for (const signResponse of [false, true]) {
      const res = await post(clean.sp, await encryptedResponse(clean.sp, clean.encryptionCert, signResponse));
      assert.equal(res.status, 303, `signResponse=${signResponse}: ${await res.text()}`);
    }
  });

  test('a Response signature that no longer covers the ciphertext is refused', async () => {
    const xml = await encryptedResponse(clean.sp, clean.encryptionCert, true);
    const altered = xml.replace(
      /<xenc:CipherValue>(.)/,
      (_m, c: string) => `<xenc:CipherValue>${c === 'A' ? 'B' : 'A'}`,
    );
    const res = await post(clean.sp, altered);
    assert.equal(res.status, 400);
    assert.equal(await checkOf(res), 'bad-signature');
  });

  test('an assertion encrypted to another key is a clear error', async () => {
    const other = ks.keystore.get('someone-else');
    const res = await post(clean.sp, await encryptedResponse(clean.sp, other.certPem, false));
    assert.equal(res.status, 400);
    assert.equal(await checkOf(res), 'cannot-decrypt');
  });

  test('the ignore-encrypted-assertion defect refuses what it cannot read', async () => {
    const broken = await trustingSp(['ignore-encrypted-assertion']);
    try {
      const res = await post(broken.sp, await encryptedResponse(broken.sp, broken.encryptionCert, false));
      assert.equal(res.status, 403);
      assert.equal(await checkOf(res), 'IDP-ASSERT-UNIQUE');
    } finally {
      await broken.sp.close();
    }
  });
});
