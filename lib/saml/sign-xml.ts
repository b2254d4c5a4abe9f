import type { KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { ALGORITHMS, type DigestAlgorithmName, type SignatureAlgorithmName } from './namespaces.ts';

export interface XmlSigningKey {
  key: KeyObject | string;
  certPem: string;
}

export interface SignElementOptions extends XmlSigningKey {
  /** ID attribute value of the element to sign. */
  id: string;
  signatureAlgorithm?: SignatureAlgorithmName;
  digestAlgorithm?: DigestAlgorithmName;
  /** Where the ds:Signature goes: after the element's saml:Issuer (SAML core 5.4.1 schema order) or as first child. */
  placement?: 'after-issuer' | 'first-child';
}

/** Enveloped, exclusive-c14n signature over the element with the given ID, with the certificate in KeyInfo. */
export function signXmlElement(xml: string, opts: SignElementOptions): string {
  const sig = new SignedXml({
    privateKey: opts.key as never,
    publicCert: opts.certPem,
    signatureAlgorithm: ALGORITHMS[opts.signatureAlgorithm ?? 'rsa-sha256'],
    canonicalizationAlgorithm: ALGORITHMS.excC14n,
  });
  sig.addReference({
    xpath: `//*[@ID='${opts.id}']`,
    transforms: [ALGORITHMS.enveloped, ALGORITHMS.excC14n],
    digestAlgorithm: ALGORITHMS[opts.digestAlgorithm ?? 'sha256'],
  });
  const location =
    opts.placement === 'first-child'
      ? { reference: `//*[@ID='${opts.id}']`, action: 'prepend' as const }
      : { reference: `//*[@ID='${opts.id}']/*[local-name(.)='Issuer']`, action: 'after' as const };
  sig.computeSignature(xml, { prefix: 'ds', location });
  return sig.getSignedXml();
}
