import samlify from 'samlify';
import { certBase64 } from '../../pki/index.ts';
import {
  DATA_ENCRYPTION,
  type DataEncryptionName,
  KEY_TRANSPORT,
  type KeyTransportName,
} from './algorithms.ts';

export interface AssertionEncryption {
  /** The SP's encryption certificate, from its metadata. */
  certPem: string;
  data?: DataEncryptionName;
  key?: KeyTransportName;
}

/**
 * Replaces the Response's one (already signed) saml:Assertion by a saml:EncryptedAssertion for the
 * SP's certificate (SAML core 2.3.4, 6.2), with samlify's encryption. A Response signature, if
 * wanted, must be added afterwards: it covers the EncryptedAssertion, not the plaintext.
 */
export async function encryptAssertion(responseXml: string, enc: AssertionEncryption): Promise<string> {
  const source = {
    entitySetting: {
      isAssertionEncrypted: true,
      dataEncryptionAlgorithm: DATA_ENCRYPTION[enc.data ?? 'aes256-gcm'],
      keyEncryptionAlgorithm: KEY_TRANSPORT[enc.key ?? 'rsa-oaep-mgf1p'],
      tagPrefix: { encryptedAssertion: 'saml' },
    },
  };
  const cert = certBase64(enc.certPem);
  const target = { entityMeta: { getX509Certificate: () => cert } };
  try {
    // samlify types want whole entities; it reads only these settings and the certificate.
    const b64 = await samlify.SamlLib.encryptAssertion(source as never, target as never, responseXml);
    return Buffer.from(b64, 'base64').toString('utf8');
  } catch (e) {
    throw new Error(`cannot encrypt the assertion: ${(e as Error).message}`);
  }
}
