import { createVerify, type KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { pemFromBase64 } from '../pki/certificate.ts';
import { certificateKey } from './certificate-keys.ts';
import { ALGORITHMS, NS } from './namespaces.ts';
import {
  DocumentIndex,
  type PreparedSignature,
  prepareEnvelopedSignature,
} from './prepare-enveloped-signature.ts';
import { childElements, descendants, firstChild } from './safe-xml.ts';

export interface SignatureVerdict {
  /** Local name and ID of the element that holds the signature. */
  parent: string;
  parentId: string;
  valid: boolean;
  /** Canonical XML of the element as verified; read claims from this, never from the original tree. */
  signedXml?: string;
  /**
   * The verified element in the parsed document, when reading it is the same as reading signedXml
   * re-parsed (it holds nothing the canonical form writes differently); saves the re-parse.
   */
  signedElement?: Element;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  /** Which certificate verified it: index in the trusted list, or 'keyinfo'. */
  verifiedBy?: number | 'keyinfo';
  detail: string;
}

export interface VerifyOptions {
  trustedCertsPem: string[];
  /** Seeded defect: verify with the certificate the message carries itself. */
  trustKeyInfo?: boolean;
}

const ALLOWED_TRANSFORMS = new Set<string>([ALGORITHMS.enveloped, ALGORITHMS.excC14n]);

/**
 * Verifies each ds:Signature that is a direct child of an element with an ID. A signature only
 * counts for its own parent: a single Reference whose URI is `#<parent ID>`, with only the
 * enveloped and exclusive-c14n transforms. Everything else is reported invalid with the reason.
 */
export function verifyEnvelopedSignatures(
  xml: string,
  root: Element,
  opts: VerifyOptions,
): SignatureVerdict[] {
  const verdicts: SignatureVerdict[] = [];
  let index: DocumentIndex | undefined;
  for (const sigEl of descendants(root, NS.ds, 'Signature')) {
    const parent = sigEl.parentNode as Element | null;
    if (parent?.nodeType !== 1) continue;
    const parentId = parent.getAttribute('ID') ?? '';
    const base = { parent: parent.localName ?? '', parentId };
    const signedInfo = firstChild(sigEl, NS.ds, 'SignedInfo');
    if (!signedInfo) {
      verdicts.push({ ...base, valid: false, detail: 'ds:Signature has no SignedInfo' });
      continue;
    }
    const sigMethod = firstChild(signedInfo, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm') ?? '';
    const refs = childElements(signedInfo, NS.ds, 'Reference');
    const digest = refs[0]
      ? (firstChild(refs[0], NS.ds, 'DigestMethod')?.getAttribute('Algorithm') ?? '')
      : '';
    const common = { ...base, signatureAlgorithm: sigMethod, digestAlgorithm: digest };
    if (refs.length !== 1) {
      verdicts.push({
        ...common,
        valid: false,
        detail: `SignedInfo has ${refs.length} References; exactly one is allowed`,
      });
      continue;
    }
    const uri = refs[0].getAttribute('URI') ?? '';
    if (!parentId || uri !== `#${parentId}`) {
      verdicts.push({
        ...common,
        valid: false,
        detail: `Reference URI "${uri}" does not point at the signature's parent (ID "${parentId}")`,
      });
      continue;
    }
    const transforms = descendants(refs[0], NS.ds, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
    const bad = transforms.find((t) => !ALLOWED_TRANSFORMS.has(t));
    if (bad) {
      verdicts.push({ ...common, valid: false, detail: `transform ${bad} is not allowed` });
      continue;
    }
    const candidates: Array<{ pem: string; by: number | 'keyinfo' }> = opts.trustedCertsPem.map((pem, i) => ({
      pem,
      by: i,
    }));
    if (opts.trustKeyInfo) {
      const kiCert = descendants(sigEl, NS.ds, 'X509Certificate')[0]?.textContent;
      if (kiCert) candidates.unshift({ pem: pemFromBase64(kiCert), by: 'keyinfo' });
    }
    index ??= new DocumentIndex(root.ownerDocument!);
    const prepared = prepareOrReject(sigEl, parent, index);
    let verdict: SignatureVerdict = { ...common, valid: false, detail: 'no trusted certificate' };
    for (const c of candidates) {
      const key = certificateKey(c.pem);
      if (!key) continue;
      verdict =
        prepared.kind === 'unusual'
          ? withXmlCrypto(xml, sigEl, c.pem, c.by, common)
          : withPrepared(prepared, key, c.by, common);
      if (verdict.valid) break;
    }
    verdicts.push(verdict);
  }
  return verdicts;
}

function prepareOrReject(sigEl: Element, parent: Element, index: DocumentIndex): PreparedSignature {
  try {
    return prepareEnvelopedSignature(sigEl, parent, index);
  } catch (e) {
    // The canonicalizer refused the element: xml-crypto would have thrown the same.
    return { kind: 'rejected', error: (e as Error).message.split('\n')[0] };
  }
}

type Common = Pick<SignatureVerdict, 'parent' | 'parentId' | 'signatureAlgorithm' | 'digestAlgorithm'>;

/** The verdict xml-crypto's checkSignature would give, from the prepared canonical forms. */
function withPrepared(
  p: Exclude<PreparedSignature, { kind: 'unusual' }>,
  key: KeyObject,
  by: number | 'keyinfo',
  common: Common,
): SignatureVerdict {
  if (p.kind === 'rejected') return { ...common, valid: false, detail: `signature rejected: ${p.error}` };
  // xml-crypto checks the digest first and answers false, not an error, when it differs.
  if (!p.digestMatches) return { ...common, valid: false, detail: DOES_NOT_VERIFY };
  try {
    if (createVerify(p.verifyAlgorithm).update(p.signedInfo).verify(key, p.signatureValue, 'base64')) {
      return {
        ...common,
        valid: true,
        signedXml: p.signedXml,
        signedElement: p.signedElement,
        verifiedBy: by,
        detail: 'signature verified',
      };
    }
    return {
      ...common,
      valid: false,
      detail: `signature rejected: invalid signature: the signature value ${p.signatureValue} is incorrect`,
    };
  } catch (e) {
    return { ...common, valid: false, detail: `signature rejected: ${(e as Error).message.split('\n')[0]}` };
  }
}

const DOES_NOT_VERIFY = 'signature value does not verify with the trusted certificates';

/** xml-crypto itself, for the signatures outside the shape prepareEnvelopedSignature handles. */
function withXmlCrypto(
  xml: string,
  sigEl: Element,
  pem: string,
  by: number | 'keyinfo',
  common: Common,
): SignatureVerdict {
  const sx = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
  try {
    sx.loadSignature(sigEl.toString());
    if (sx.checkSignature(xml)) {
      const signedXml = sx.getSignedReferences()[0];
      return { ...common, valid: true, signedXml, verifiedBy: by, detail: 'signature verified' };
    }
    return { ...common, valid: false, detail: DOES_NOT_VERIFY };
  } catch (e) {
    return { ...common, valid: false, detail: `signature rejected: ${(e as Error).message.split('\n')[0]}` };
  }
}
