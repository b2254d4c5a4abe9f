import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { encryptAssertion } from '../../lib/saml/encryption/encrypt-assertion.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { buildResponseXml, idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const idpKey = ks.keystore.get('idp-renewal-enc');
const IDP = 'https://idp.renewal-enc.accord.test/idp';

async function encryptionCert(sp: RunningSp): Promise<string> {
  const md = parseMetadata(await (await fetch(sp.info.metadataUrl)).text(), 'SP metadata');
  return md.sp!.certs.encryption[0];
}

/** An unsolicited Response whose assertion is encrypted to `certPem`; the SP's answer status. */
async function deliver(sp: RunningSp, certPem: string): Promise<number> {
  const plain = buildResponseXml({
    issuer: IDP,
    inResponseTo: null,
    recipient: sp.info.acsUrl,
    audience: sp.info.entityId,
    now: new Date(),
    key: idpKey,
  });
  const xml = await encryptAssertion(plain, { certPem, data: 'aes256-cbc' });
  const res = await fetch(`${sp.url}/acs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: encodePostMessage(xml) }).toString(),
    redirect: 'manual',
  });
  return res.status;
}

const post = (sp: RunningSp, path: string, body: unknown) =>
  fetch(`${sp.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('during a renewal an assertion encrypted to the old or the new certificate opens; after Finish renewal only the new one does', async () => {
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-renewal-enc' });
  try {
    const up = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: idpMetadataXml({ entityId: IDP, certPem: idpKey.certPem, ssoUrl: `${IDP}/sso` }),
    });
    assert.equal(up.status, 200);
    const old = await encryptionCert(sp);
    assert.equal(
      (await post(sp, '/__accord/certificates/renew', { idpSupport: 'multiple', type: 'self-signed' }))
        .status,
      200,
    );
    const fresh = await encryptionCert(sp);
    assert.notEqual(fresh, old, 'the renewal publishes a new encryption certificate');
    assert.equal(await deliver(sp, old), 303, 'an IdP not yet updated still encrypts to the old certificate');
    assert.equal(await deliver(sp, fresh), 303);
    assert.equal((await post(sp, '/__accord/certificates/idps-updated', {})).status, 200);
    assert.equal((await post(sp, '/__accord/certificates/finish', {})).status, 200);
    assert.equal(await deliver(sp, fresh), 303);
    assert.equal(await deliver(sp, old), 400, 'the retired key decrypts nothing');
  } finally {
    await sp.close();
  }
});
