import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { openEncryptedResponse } from '../../lib/saml/encryption/open-encrypted-response.ts';
import { buildSpMetadata } from '../../lib/saml/metadata/build-sp-metadata.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { descendants, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { EncryptionRefused, encryptForSp } from '../../simulators/idp/encrypt-for-sp.ts';
import { PeerRegistry } from '../../simulators/idp/peers.ts';
import { PlanError, validatePlan } from '../../simulators/idp/plans.ts';
import { sampleResponseModel } from '../support/sample-response.ts';

const idp = issueSelfSignedCertificate({ commonName: 'idp-enc' });
const sp = issueSelfSignedCertificate({ commonName: 'sp-enc' });
const idpKey = { key: privateKeyObject(idp.keyPem), certPem: idp.certPem };
const signing = {
  response: true,
  signatureAlgorithm: 'rsa-sha256',
  digestAlgorithm: 'sha256',
  key: idpKey,
} as const;

function trusted(withEncryption: boolean) {
  const xml = buildSpMetadata({
    entityId: `https://sp.enc.test/${withEncryption}`,
    acsUrls: ['https://sp.enc.test/acs'],
    signing: { key: privateKeyObject(sp.keyPem), certPem: sp.certPem },
    encryptionCertPem: withEncryption ? sp.certPem : undefined,
  });
  return new PeerRegistry().add(xml);
}

const built = buildResponse(
  sampleResponseModel({
    issuer: 'https://idp.enc.test',
    sp: 'https://sp.enc.test/true',
    acs: 'https://sp.enc.test/acs',
    nameId: 'alice@corp.test',
  }),
  { signResponse: false, signAssertion: true, ...idpKey },
);

describe('IdP simulator: encrypted assertions', () => {
  test('a plan asks for it with a known content encryption, and never with a tamper', async () => {
    assert.deepEqual(await validatePlan({ encryptAssertion: {} }), { encryptAssertion: {} });
    await validatePlan({ encryptAssertion: { data: 'aes128-gcm' } });
    await assert.rejects(
      validatePlan({ encryptAssertion: { data: 'des' } }),
      /encryptAssertion\.data must be one of/,
    );
    await assert.rejects(validatePlan({ encryptAssertion: true }), PlanError);
    await validatePlan({ encryptAssertion: { certificate: 1 } });
    await assert.rejects(
      validatePlan({ encryptAssertion: { certificate: -1 } }),
      /encryptAssertion\.certificate must be an integer/,
    );
    await assert.rejects(
      validatePlan({ encryptAssertion: {}, tamper: 'xsw1' }),
      /tamper cannot be combined with encryptAssertion/,
    );
  });

  test('the Response signature covers the EncryptedAssertion, the SP key opens it', async () => {
    const xml = await encryptForSp(
      built.xml,
      built.responseId,
      trusted(true),
      { data: 'aes256-gcm' },
      signing,
    );
    const root = parseUntrustedXml(xml).documentElement!;
    assert.equal(descendants(root, NS.saml, 'EncryptedAssertion').length, 1);
    const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] });
    assert.deepEqual(
      verdicts.map((v) => [v.parent, v.valid]),
      [['Response', true]],
    );
    const opened = await openEncryptedResponse(xml, sp.keyPem, [idp.certPem]);
    assert.match(opened.xml, /alice@corp\.test/);
  });

  test('an SP that publishes no encryption certificate gets a clear refusal', async () => {
    await assert.rejects(
      encryptForSp(built.xml, built.responseId, trusted(false), {}, signing),
      (e: Error) => e instanceof EncryptionRefused && /publishes no encryption certificate/.test(e.message),
    );
  });
});
