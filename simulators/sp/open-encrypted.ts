import { certBase64 } from '../../lib/pki/certificate.ts';
import { decodePostMessage, encodePostMessage } from '../../lib/saml/bindings.ts';
import { openEncryptedResponse } from '../../lib/saml/encryption/open-encrypted-response.ts';
import { SamlInputError } from '../../lib/saml/errors.ts';
import type { SpContext } from './context.ts';

export interface Opened {
  /** The HTTP-POST value to validate: the plaintext Response when it was encrypted. */
  samlResponse?: string;
  encrypted: boolean;
  error?: SamlInputError;
}

/**
 * Decrypts an EncryptedAssertion with the key the SP publishes for encryption, before validation.
 * Anything else passes through untouched, so validation reads and judges it exactly as sent.
 */
export async function openIfEncrypted(
  ctx: SpContext,
  samlResponse: string | undefined,
  idpCerts: string[],
): Promise<Opened> {
  if (!samlResponse) return { samlResponse, encrypted: false };
  let xml: string;
  try {
    xml = decodePostMessage(samlResponse);
  } catch {
    return { samlResponse, encrypted: false };
  }
  if (!xml.includes('EncryptedAssertion') || ctx.has('ignore-encrypted-assertion')) {
    return { samlResponse, encrypted: false };
  }
  // During a certificate renewal an IdP may encrypt to the old certificate or to the new one; the
  // key whose certificate the EncryptedKey's KeyInfo names is tried first, the others after it
  // for an IdP that names none.
  const named = new Set(
    [...xml.matchAll(/<(?:[\w-]+:)?X509Certificate>([^<]+)</g)].map((m) => m[1].replace(/\s+/g, '')),
  );
  const keys = [...ctx.certs.decryptionKeys].sort(
    (a, b) => Number(named.has(certBase64(b.certPem))) - Number(named.has(certBase64(a.certPem))),
  );
  let error: SamlInputError | undefined;
  for (const { keyPem } of keys) {
    try {
      const opened = await openEncryptedResponse(xml, keyPem, idpCerts);
      return { samlResponse: encodePostMessage(opened.xml), encrypted: true };
    } catch (e) {
      if (!(e instanceof SamlInputError)) throw e;
      error ??= e;
    }
  }
  return { encrypted: true, error };
}
