import { createHash, createVerify, X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { pemFromBase64 } from '../../pki/certificate.ts';
import { DIGEST_HASHES, SIGNATURE_HASHES } from '../algorithms.ts';
import { NS } from '../namespaces.ts';
import { childElements, descendants, firstChild } from '../safe-xml.ts';
import { type SignatureVerdict, verifyEnvelopedSignatures } from '../verify-xml-signature.ts';
import type { ValidationDefect } from './types.ts';

/*
 * Verifiers with the weaknesses of the seeded defects, each a known way real SAML stacks went wrong.
 * They run only when their defect is on, and only on signatures the strict verifier refused, so a
 * defect never changes how a good message is judged.
 */

export interface LenientVerdict extends SignatureVerdict {
  /** The seeded defect that let this signature count. */
  acceptedBy: ValidationDefect;
  /** multiple-references: the canonical XML of every referenced element, by ID. */
  covered?: Map<string, string>;
}

function canonical(el: Element): string {
  return new ExclusiveCanonicalization().process(el as never, {}).toString();
}

/** The element as the enveloped-signature and exclusive c14n transforms present it to the digest. */
function envelopedCanonical(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  const own = firstChild(copy, NS.ds, 'Signature');
  if (own) copy.removeChild(own);
  return canonical(copy);
}

function signedInfoOf(sig: Element): Element | undefined {
  return firstChild(sig, NS.ds, 'SignedInfo');
}

/** SignatureValue over the canonical SignedInfo, as sent, with one of the trusted certificates. */
function signatureValueVerifies(sig: Element, certs: string[]): number | undefined {
  const signedInfo = signedInfoOf(sig);
  const method = signedInfo && firstChild(signedInfo, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm');
  const hash = SIGNATURE_HASHES.get(method ?? '');
  const value = (firstChild(sig, NS.ds, 'SignatureValue')?.textContent ?? '').replace(/\s+/g, '');
  if (!signedInfo || !hash || value === '') return undefined;
  const data = canonical(signedInfo);
  const i = certs.findIndex((pem) => {
    try {
      return createVerify(hash).update(data, 'utf8').verify(pem, value, 'base64');
    } catch {
      return false;
    }
  });
  return i < 0 ? undefined : i;
}

function keyInfoCertificate(sig: Element): string | undefined {
  const b64 = descendants(sig, NS.ds, 'X509Certificate')[0]?.textContent;
  return b64 ? pemFromBase64(b64) : undefined;
}

function sameIssuerAndSerial(a: string, b: string): boolean {
  try {
    const x = new X509Certificate(a);
    const y = new X509Certificate(b);
    return x.issuer === y.issuer && x.serialNumber === y.serialNumber;
  } catch {
    return false;
  }
}

/** Where each ds:Signature of the document sits, in the order verifyEnvelopedSignatures reports them. */
function signatureElements(root: Element): Element[] {
  return descendants(root, NS.ds, 'Signature').filter((s) => s.parentNode?.nodeType === 1);
}

/**
 * Runs the lenient verifier of each enabled defect on the signatures the strict verifier refused.
 * Returns the verdict list with the signatures a defect let through replaced.
 */
export function lenientVerdicts(
  xml: string,
  root: Element,
  strict: SignatureVerdict[],
  trusted: string[],
  defects: ReadonlySet<string>,
): Array<SignatureVerdict | LenientVerdict> {
  const sigs = signatureElements(root);
  if (sigs.length !== strict.length) return strict;
  return strict.map((v, i) => {
    if (v.valid) return v;
    const sig = sigs[i];
    const parent = sig.parentNode as Element;
    const refs = (() => {
      const si = signedInfoOf(sig);
      return si ? childElements(si, NS.ds, 'Reference') : [];
    })();
    const accept = (acceptedBy: ValidationDefect, extra: Partial<LenientVerdict> = {}): LenientVerdict => ({
      ...v,
      valid: true,
      signedXml: envelopedCanonical(parent),
      detail: `accepted under seeded defect ${acceptedBy}`,
      acceptedBy,
      ...extra,
    });

    if (defects.has('trust-issuer-serial')) {
      const ki = keyInfoCertificate(sig);
      if (ki && trusted.some((t) => sameIssuerAndSerial(t, ki))) {
        const again = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [ki] })[i];
        if (again?.valid) return { ...again, verifiedBy: 'keyinfo', acceptedBy: 'trust-issuer-serial' };
      }
    }
    const oneRefToParent =
      refs.length === 1 && refs[0].getAttribute('URI') === `#${parent.getAttribute('ID') ?? ''}`;
    if (defects.has('skip-empty-signature') && oneRefToParent) {
      const value = firstChild(sig, NS.ds, 'SignatureValue')?.textContent ?? '';
      if (value.trim() === '') return accept('skip-empty-signature', { verifiedBy: 0 });
    }
    if (defects.has('digest-from-comment') && oneRefToParent) {
      const digestValue = firstChild(refs[0], NS.ds, 'DigestValue');
      const first = digestValue?.firstChild;
      if (first && first.nodeType === 8) {
        const method = firstChild(refs[0], NS.ds, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
        const digest = createHash(DIGEST_HASHES.get(method) ?? 'sha256')
          .update(envelopedCanonical(parent), 'utf8')
          .digest('base64');
        const by = signatureValueVerifies(sig, trusted);
        if (by !== undefined && digest === (first.nodeValue ?? '').trim()) {
          return accept('digest-from-comment', { verifiedBy: by });
        }
      }
    }
    if (defects.has('multiple-references') && refs.length > 1) {
      for (const [index, pem] of trusted.entries()) {
        try {
          const sx = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
          sx.loadSignature(sig.toString());
          if (!sx.checkSignature(xml)) continue;
          const signed = sx.getSignedReferences();
          const covered = new Map<string, string>();
          refs.forEach((r, k) => {
            const id = (r.getAttribute('URI') ?? '').replace(/^#/, '');
            if (signed[k] !== undefined) covered.set(id, signed[k]);
          });
          return accept('multiple-references', { verifiedBy: index, covered });
        } catch {}
      }
    }
    return v;
  });
}

/**
 * The naive-signature-lookup defect's verifier: a message counts as signed when any signature in it
 * verifies with a trusted key, wherever its Reference points (xml-crypto's checkSignature used
 * alone). The element verified is not tied to the element read.
 */
export function anySignatureVerifies(xml: string, root: Element, trusted: string[]): SignatureVerdict[] {
  const out: SignatureVerdict[] = [];
  for (const sig of signatureElements(root)) {
    const parent = sig.parentNode as Element;
    const signedInfo = signedInfoOf(sig);
    const base = {
      parent: parent.localName ?? '',
      parentId: parent.getAttribute('ID') ?? '',
      signatureAlgorithm:
        (signedInfo && firstChild(signedInfo, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm')) ?? '',
      digestAlgorithm:
        (signedInfo && descendants(signedInfo, NS.ds, 'DigestMethod')[0]?.getAttribute('Algorithm')) ?? '',
    };
    let verdict: SignatureVerdict = { ...base, valid: false, detail: 'no trusted certificate verifies it' };
    for (const [index, pem] of trusted.entries()) {
      try {
        const sx = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
        sx.loadSignature(sig.toString());
        if (sx.checkSignature(xml)) {
          verdict = { ...base, valid: true, verifiedBy: index, detail: 'a signature somewhere verifies' };
          break;
        }
      } catch {}
    }
    out.push(verdict);
  }
  return out;
}
