import type { KeyObject } from 'node:crypto';
import type { ResponsePlan } from '../../lib/admin/protocol.ts';
import { encryptAssertion } from '../../lib/saml/encryption/encrypt-assertion.ts';
import type { DigestAlgorithmName, SignatureAlgorithmName } from '../../lib/saml/namespaces.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import type { TrustedSp } from './peers.ts';

export class EncryptionRefused extends Error {}

export interface ResponseSigning {
  response: boolean;
  signatureAlgorithm: SignatureAlgorithmName;
  digestAlgorithm: DigestAlgorithmName;
  key: { key: KeyObject; certPem: string };
}

/**
 * Encrypts the Response's (already signed) assertion to an encryption certificate of the SP's metadata
 * (the plan's, by position; the first by default),
 * then signs the Response when the scenario does: that signature covers the ciphertext.
 */
export async function encryptForSp(
  xml: string,
  responseId: string,
  sp: TrustedSp,
  how: NonNullable<ResponsePlan['encryptAssertion']>,
  signing: ResponseSigning,
): Promise<string> {
  const listed = sp.sp.certs.encryption;
  const position = how.certificate ?? 0;
  const certPem = listed[position];
  if (!certPem) {
    throw new EncryptionRefused(
      listed.length === 0
        ? `SP ${sp.entityId} publishes no encryption certificate in its metadata`
        : `SP ${sp.entityId} publishes ${listed.length} encryption certificate(s) in its metadata; encryptAssertion.certificate ${position} is not one of them`,
    );
  }
  const encrypted = await encryptAssertion(xml, { certPem, data: how.data ?? 'aes256-cbc' });
  if (!signing.response) return encrypted;
  return signXmlElement(encrypted, {
    id: responseId,
    key: signing.key.key,
    certPem: signing.key.certPem,
    signatureAlgorithm: signing.signatureAlgorithm,
    digestAlgorithm: signing.digestAlgorithm,
  });
}
