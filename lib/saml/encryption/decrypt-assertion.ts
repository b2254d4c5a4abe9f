import samlify from 'samlify';
import { SamlInputError } from '../errors.ts';

/**
 * The Response with its one saml:EncryptedAssertion replaced by the plaintext assertion, decrypted
 * with the SP's key by samlify. Call it only on XML that already passed the hostile-XML checks
 * (parseUntrustedXml): samlify parses it again.
 */
export async function decryptAssertion(responseXml: string, spKeyPem: string): Promise<string> {
  const here = { entitySetting: { encPrivateKey: spKeyPem } };
  try {
    // samlify types want a whole entity; it reads only the key.
    const [doc] = await samlify.SamlLib.decryptAssertion(here as never, responseXml);
    return doc;
  } catch (e) {
    throw new SamlInputError(
      'cannot-decrypt',
      `the EncryptedAssertion cannot be decrypted with this SP's key: ${(e as Error).message}`,
    );
  }
}
