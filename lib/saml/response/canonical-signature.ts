import { createHash, type KeyObject, sign } from 'node:crypto';
import { DIGEST_HASHES, SIGNATURE_HASHES } from '../algorithms.ts';
import { ALGORITHMS, type DigestAlgorithmName, NS, type SignatureAlgorithmName } from '../namespaces.ts';

/*
 * Messages built here are written directly in Exclusive XML Canonicalization form (sorted
 * attributes, explicit end tags, c14n escaping, each namespace declared where it is first used),
 * so the bytes to digest are known without parsing: that is what makes signing cheap enough for
 * thousands of Responses per second. Any verifier canonicalizes the same text to the same bytes.
 */

// Characters outside the XML 1.0 Char production cannot be written at all, escaped or not.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function assertXmlChars(s: string): void {
  if (NOT_XML_CHAR.test(s)) {
    const ch = s.match(NOT_XML_CHAR)![0].codePointAt(0) ?? 0;
    throw new TypeError(
      `value contains U+${ch.toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 does not allow`,
    );
  }
}

/** Attribute value escaped as Exclusive C14N writes it (C14N 1.0, 2.3). */
export function c14nAttr(s: string): string {
  assertXmlChars(s);
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** Text content escaped as Exclusive C14N writes it. */
export function c14nText(s: string): string {
  assertXmlChars(s);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

export interface CanonicalSigningKey {
  key: KeyObject;
  /** Base64 DER of the certificate put in KeyInfo. */
  certBase64: string;
  signatureAlgorithm: SignatureAlgorithmName;
  digestAlgorithm: DigestAlgorithmName;
}

const DS = `xmlns:ds="${NS.ds}"`;

function signedInfoBody(id: string, digest: string, k: CanonicalSigningKey): string {
  return (
    `<ds:CanonicalizationMethod Algorithm="${ALGORITHMS.excC14n}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${ALGORITHMS[k.signatureAlgorithm]}"></ds:SignatureMethod>` +
    `<ds:Reference URI="#${c14nAttr(id)}"><ds:Transforms>` +
    `<ds:Transform Algorithm="${ALGORITHMS.enveloped}"></ds:Transform>` +
    `<ds:Transform Algorithm="${ALGORITHMS.excC14n}"></ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${ALGORITHMS[k.digestAlgorithm]}"></ds:DigestMethod>` +
    `<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`
  );
}

/**
 * The ds:Signature element for an enveloped signature over the element with ID `id`, whose
 * canonical form (without this signature) is `canonicalElement`. The returned element is itself
 * in canonical form, so it can sit inside another element that is signed later.
 */
export function envelopedSignatureXml(canonicalElement: string, id: string, k: CanonicalSigningKey): string {
  const digest = createHash(DIGEST_HASHES.get(ALGORITHMS[k.digestAlgorithm])!)
    .update(canonicalElement, 'utf8')
    .digest('base64');
  const body = signedInfoBody(id, digest, k);
  // As its own canonicalization apex, SignedInfo carries the ds declaration it inherits in the document.
  const value = sign(
    SIGNATURE_HASHES.get(ALGORITHMS[k.signatureAlgorithm])!,
    Buffer.from(`<ds:SignedInfo ${DS}>${body}</ds:SignedInfo>`),
    k.key,
  );
  return (
    `<ds:Signature ${DS}><ds:SignedInfo>${body}</ds:SignedInfo>` +
    `<ds:SignatureValue>${value.toString('base64')}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${k.certBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    '</ds:Signature>'
  );
}
