import { type Element, XMLSerializer } from '@xmldom/xmldom';
import { SamlInputError } from '../errors.ts';
import { NS } from '../namespaces.ts';
import { childElements, descendants, parseUntrustedXml } from '../safe-xml.ts';
import { verifyEnvelopedSignatures } from '../verify-xml-signature.ts';
import { decryptAssertion } from './decrypt-assertion.ts';

export interface OpenedResponse {
  /** The Response with its assertion in plaintext, and without a Response signature. */
  xml: string;
  /** Whether the IdP's Response signature, over the EncryptedAssertion, verified before decryption. */
  responseSignature: { present: boolean; valid: boolean; detail: string };
}

/** Whether a Response (already parsed safely) carries an EncryptedAssertion. */
export function hasEncryptedAssertion(root: Element): boolean {
  return childElements(root, NS.saml, 'EncryptedAssertion').length > 0;
}

/**
 * Decrypts a Response's EncryptedAssertion (SAML core 6.2). A Response signature covers the
 * ciphertext, so it is verified here, before decryption, against the IdP's certificates, and an
 * invalid one refuses the message; the plaintext document then drops it, and the assertion's own
 * signature is what validation judges.
 */
export async function openEncryptedResponse(
  xml: string,
  spKeyPem: string,
  idpCertsPem: string[],
): Promise<OpenedResponse> {
  const root = parseUntrustedXml(xml, 'SAMLResponse').documentElement!;
  const own = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: idpCertsPem }).filter(
    (v) => v.parent === 'Response' && v.parentId === (root.getAttribute('ID') ?? ''),
  );
  const responseSignature =
    own.length === 0
      ? { present: false, valid: false, detail: 'the Response is not signed' }
      : { present: true, valid: own.length === 1 && own[0].valid, detail: own[0].detail };
  // Nothing altered in transit is decrypted: that would make the SP a decryption oracle.
  if (responseSignature.present && !responseSignature.valid) {
    throw new SamlInputError(
      'bad-signature',
      `the Response signature over the EncryptedAssertion does not verify: ${responseSignature.detail}`,
    );
  }
  const plain = parseUntrustedXml(await decryptAssertion(xml, spKeyPem), 'decrypted SAMLResponse');
  const plainRoot = plain.documentElement!;
  for (const sig of childElements(plainRoot, NS.ds, 'Signature')) plainRoot.removeChild(sig);
  if (descendants(plainRoot, NS.saml, 'EncryptedAssertion').length > 0) {
    throw new SamlInputError('cannot-decrypt', 'the Response carries more than one EncryptedAssertion');
  }
  return { xml: new XMLSerializer().serializeToString(plain), responseSignature };
}
