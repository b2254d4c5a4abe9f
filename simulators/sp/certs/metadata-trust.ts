import { pemFromBase64 } from '../../../lib/pki/certificate.ts';
import { verifyChain } from '../../../lib/pki/test-ca.ts';
import { MAX_METADATA_BYTES } from '../../../lib/saml/metadata/parse-metadata.ts';
import { NS } from '../../../lib/saml/namespaces.ts';
import { descendants, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';

/**
 * Seed ("Renew IdP certificate", step 6): "Choose Less secure (self-signed) or More secure (signed
 * by a public CA), depending on how your IdP metadata is signed". Set-up, step 5: the less secure
 * way takes metadata that is self-signed "or doesn't provide a signature".
 */
export type MetadataSecurity = 'less' | 'more';

export const METADATA_SECURITY: readonly MetadataSecurity[] = ['less', 'more'];

export type MetadataTrustCode = 'metadata-unsigned' | 'metadata-tampered' | 'metadata-untrusted';

/** Metadata refused in "more secure" mode; `code` says which of the three faults it has. */
export class MetadataTrustError extends Error {
  constructor(
    readonly code: MetadataTrustCode,
    message: string,
  ) {
    super(message);
    this.name = 'MetadataTrustError';
  }
}

export interface MetadataTrustVerdict {
  security: MetadataSecurity;
  /** How the metadata was judged, for the admin API's answer and the trace. */
  detail: string;
}

/**
 * Admits uploaded IdP metadata in the chosen mode, or throws MetadataTrustError. "More secure":
 * the root element carries an enveloped XML signature (SAML metadata 3.1: signed metadata is
 * authenticated by the signature over its root) that verifies with the certificate in its
 * KeyInfo, and that certificate chains to one of `anchors` and is valid `at` (RFC 5280 6.1).
 * `acceptUnsigned` is the seeded defect that lets unsigned metadata through all the same.
 */
export function admitMetadata(
  xml: string,
  security: MetadataSecurity,
  anchors: readonly string[],
  at: Date,
  acceptUnsigned = false,
): MetadataTrustVerdict {
  if (security === 'less') {
    return { security, detail: 'less secure: self-signed or unsigned metadata accepted as uploaded' };
  }
  const root = parseUntrustedXml(xml, 'IdP metadata', MAX_METADATA_BYTES).documentElement!;
  const signature = firstChild(root, NS.ds, 'Signature');
  if (!signature) {
    if (acceptUnsigned) return { security, detail: 'unsigned metadata accepted' };
    throw new MetadataTrustError(
      'metadata-unsigned',
      `more secure: the metadata's ${root.localName} carries no signature; sign it with a certificate issued by a trusted CA, or upload it in "less secure" mode`,
    );
  }
  const x509 = descendants(signature, NS.ds, 'X509Certificate').map((c) =>
    pemFromBase64(c.textContent ?? ''),
  );
  if (x509.length === 0) {
    throw new MetadataTrustError(
      'metadata-untrusted',
      'more secure: the metadata signature carries no X509Certificate in its KeyInfo, so it cannot be chained to a trust anchor',
    );
  }
  const [signer, ...intermediates] = x509;
  const verdict = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [signer] }).find(
    (v) => v.parent === root.localName && v.parentId === (root.getAttribute('ID') ?? ''),
  );
  if (!verdict?.valid) {
    throw new MetadataTrustError(
      'metadata-tampered',
      `more secure: the metadata signature does not verify with the certificate it carries (${verdict?.detail ?? 'no signature over the root element'}): the metadata was altered after signing`,
    );
  }
  const chain = verifyChain(signer, anchors, at, intermediates);
  if (!chain.ok) throw new MetadataTrustError('metadata-untrusted', `more secure: ${chain.detail}`);
  return { security, detail: `signature verified; ${chain.detail}` };
}
