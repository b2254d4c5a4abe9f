import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import samlify from 'samlify';
import { buildSpMetadata } from '../../lib/saml/metadata/build-sp-metadata.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING, NAMEID_FORMAT } from '../../lib/saml/namespaces.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import { xmlsecVerify as xmlsec1 } from '../support/xmlsec.ts';
import { tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const key = ks.keystore.get('sp-test');

function xmlsecVerify(xml: string, certPem: string): boolean {
  return xmlsec1(xml, certPem, { idElements: ['urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor'] }).ok;
}

const XML = buildSpMetadata({
  entityId: 'http://127.0.0.1:4200/idb/org-1',
  acsUrls: ['http://127.0.0.1:4200/acs'],
  sloUrl: 'http://127.0.0.1:4200/slo',
  signing: { key: key.keyPem, certPem: key.certPem },
  encryptionCertPem: key.certPem,
});

test('SP metadata parses with parseMetadata and carries what the seeds ask for', () => {
  const md = parseMetadata(XML);
  assert.equal(md.entityId, 'http://127.0.0.1:4200/idb/org-1');
  assert.equal(md.signed, true);
  assert.ok(md.id);
  assert.equal(md.sp?.authnRequestsSigned, true);
  assert.equal(md.sp?.wantAssertionsSigned, true);
  assert.deepEqual(md.sp?.acs, [
    {
      binding: BINDING.post,
      location: 'http://127.0.0.1:4200/acs',
      responseLocation: undefined,
      index: 0,
      isDefault: true,
    },
  ]);
  assert.deepEqual(
    md.sp?.sloServices.map((e) => e.binding),
    [BINDING.redirect, BINDING.post],
  );
  assert.deepEqual(md.sp?.nameIdFormats, [
    NAMEID_FORMAT.transient,
    NAMEID_FORMAT.unspecified,
    NAMEID_FORMAT.emailAddress,
  ]);
  assert.equal(md.sp?.certs.signing.length, 1);
  assert.equal(md.sp?.certs.encryption.length, 1);
});

test('SP metadata loads in samlify', () => {
  const sp = samlify.ServiceProvider({ metadata: XML });
  assert.equal(sp.entityMeta.getEntityID(), 'http://127.0.0.1:4200/idb/org-1');
  assert.equal(sp.entityMeta.getAssertionConsumerService('post'), 'http://127.0.0.1:4200/acs');
});

test('SP metadata signature verifies with xmlsec1, and a tampered copy does not', () => {
  assert.equal(xmlsecVerify(XML, key.certPem), true);
  assert.equal(xmlsecVerify(XML.replace('/acs"', '/evil"'), key.certPem), false);
  assert.equal(xmlsecVerify(XML, ks.keystore.get('someone-else').certPem), false);
});

test('the running SP serves its signed metadata as idb-meta-<org-ID>-SP.xml', async () => {
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-1' });
  try {
    assert.equal(sp.info.entityId, 'https://idbroker.accord.test/reference-sp/idb/org-1');
    assert.equal(sp.info.metadataUrl, `${sp.url}/idb-meta-org-1-SP.xml`);
    const res = await fetch(sp.info.metadataUrl);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="idb-meta-org-1-SP.xml"');
    const xml = await res.text();
    const md = parseMetadata(xml);
    assert.equal(md.entityId, sp.info.entityId);
    assert.deepEqual(
      md.sp?.acs.map((a) => a.location),
      [sp.info.acsUrl],
    );
    // It decrypts, so it publishes its key for encryption as Webex does (AD FS then encrypts).
    assert.equal(md.sp?.certs.encryption.length, 1);
    assert.deepEqual(md.sp?.certs.encryption, md.sp?.certs.signing);
    assert.equal(xmlsecVerify(xml, ks.keystore.get('sp-org-1').certPem), true);
    assert.equal(await (await fetch(`${sp.url}/metadata`)).text(), xml);
    assert.equal(await (await fetch(`${sp.url}/idb/org-1`)).text(), xml);
    samlify.ServiceProvider({ metadata: xml });
  } finally {
    await sp.close();
  }
});
