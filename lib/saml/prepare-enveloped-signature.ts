import { createHash } from 'node:crypto';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { DIGEST_HASHES, SIGNATURE_HASHES } from './algorithms.ts';
import { ALGORITHMS, NS } from './namespaces.ts';

/*
 * The key-independent half of verifying an enveloped signature, computed once on the DOM the
 * message was parsed into: the canonical SignedInfo, the canonical signed element and whether its
 * digest matches. It gives the verdicts xml-crypto's SignedXml.checkSignature gives (the same
 * canonicalizer, the same reference resolution, the same refusals), without re-parsing the
 * document per signature and per certificate or running XPath over it, which is where xml-crypto
 * spends its time. It handles the shape every SAML signer produces: one Reference, the
 * enveloped-signature and exclusive-c14n transforms, exclusive c14n of SignedInfo, no
 * InclusiveNamespaces, an RSA PKCS#1 signature. Anything else is 'unusual' and left to xml-crypto.
 */

export type PreparedSignature =
  | {
      kind: 'ready';
      /** Canonical SignedInfo: what the SignatureValue signs. */
      signedInfo: string;
      /** Canonical signed element without this signature: what the digest covers. */
      signedXml: string;
      /**
       * The signed element itself, when reading it gives what reading signedXml re-parsed gives:
       * xml-crypto writes a processing instruction's data as text, so with one inside, only the
       * re-parsed canonical form says what was signed.
       */
      signedElement?: Element;
      digestMatches: boolean;
      /** node:crypto name of the signature algorithm. */
      verifyAlgorithm: string;
      signatureValue: string;
    }
  /** What xml-crypto would have thrown. */
  | { kind: 'rejected'; error: string }
  | { kind: 'unusual' };

// Only what xml-crypto implements: it refuses the others, and this path must give its verdicts.
const XML_CRYPTO = new SignedXml();
const DIGESTS = new Map([...DIGEST_HASHES].filter(([uri]) => uri in XML_CRYPTO.HashAlgorithms));
const SIGNATURES = new Map([...SIGNATURE_HASHES].filter(([uri]) => uri in XML_CRYPTO.SignatureAlgorithms));
/** xml-crypto's idAttributes: a Reference URI is looked up in any of them, in any namespace. */
const ID_NAMES = new Set(['Id', 'ID', 'id']);
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const DS_DEFAULTS = { ds: NS.ds };
const UNUSUAL = { kind: 'unusual' } as const;

/** Exclusive c14n of an element as if one of its children were removed: the enveloped-signature transform without a copy. */
class WithoutChild extends ExclusiveCanonicalization {
  /** Whether a processing instruction was rendered. */
  sawInstruction = false;

  constructor(private readonly removed: Node) {
    super();
  }
  override processInner(
    node: Node,
    prefixesInScope: unknown,
    defaultNs: unknown,
    defaultNsForPrefix: unknown,
    inclusive: string[],
  ): string {
    if (node === this.removed) return '';
    if (node.nodeType === 7) this.sawInstruction = true;
    return super.processInner(node, prefixesInScope, defaultNs, defaultNsForPrefix, inclusive);
  }
}

/** Element children by local name in any namespace, as xml-crypto's findChildren. */
function children(el: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === localName) out.push(n as Element);
  }
  return out;
}

/** The first attribute of that local name in any namespace, as xml-crypto's findAttr. */
function anyNsAttr(el: Element, localName: string): string | undefined {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.localName === localName) return a.value;
  }
  return undefined;
}

/** The descendant elements of `el` in document order, without a live NodeList. */
function* elementsUnder(el: Node): Generator<Element> {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    yield n as Element;
    yield* elementsUnder(n);
  }
}

/** `.//*[local-name(.)=X]/@Algorithm` from the Signature: the first such element with an unqualified Algorithm. */
function firstAlgorithm(sig: Element, localName: string): string | undefined {
  for (const el of elementsUnder(sig)) {
    if (el.localName !== localName) continue;
    for (let j = 0; j < el.attributes.length; j++) {
      const a = el.attributes.item(j)!;
      if (a.localName === 'Algorithm' && !a.namespaceURI) return a.value;
    }
  }
  return undefined;
}

function firstNamed(el: Element, localName: string): Element | undefined {
  for (const d of elementsUnder(el)) if (d.localName === localName) return d;
  return undefined;
}

/** Text (not markup) with a carriage return: xml-crypto loses it when it re-reads the serialized Signature. */
function hasCarriageReturnText(el: Node): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 || n.nodeType === 4) {
      if ((n as unknown as { data: string }).data.includes('\r')) return true;
    } else if (n.nodeType === 1 && hasCarriageReturnText(n)) return true;
  }
  return false;
}

function hasDescendantOfType(el: Node, type: number): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === type || (n.nodeType === 1 && hasDescendantOfType(n, type))) return true;
  }
  return false;
}

/** Per-document facts every signature of the document needs, gathered in one walk on first use. */
export class DocumentIndex {
  private ids?: Map<string, number>;
  private nsDeclaredIds?: Set<string>;
  private signatureValues?: Map<string, number>;

  constructor(private readonly doc: Document) {}

  private walk(): void {
    const ids = new Map<string, number>();
    const ns = new Set<string>();
    const values = new Map<string, number>();
    for (const el of elementsUnder(this.doc)) {
      // One count per element and attribute name, as the XPath xml-crypto runs selects elements.
      let found: Set<string> | undefined;
      for (let j = 0; j < el.attributes.length; j++) {
        const a = el.attributes.item(j)!;
        if (!ID_NAMES.has(a.localName ?? '')) continue;
        if (a.namespaceURI === XMLNS) ns.add(a.value);
        else {
          found ??= new Set();
          found.add(`${a.localName}\u0000${a.value}`);
        }
      }
      for (const key of found ?? []) {
        const v = key.slice(key.indexOf('\u0000') + 1);
        ids.set(v, (ids.get(v) ?? 0) + 1);
      }
      if (el.localName === 'Signature' && el.namespaceURI === NS.ds) {
        const v = children(el, 'SignatureValue')[0]?.textContent;
        if (v !== undefined && v !== null) values.set(v, (values.get(v) ?? 0) + 1);
      }
    }
    this.ids = ids;
    this.nsDeclaredIds = ns;
    this.signatureValues = values;
  }

  /** How many (element, ID attribute name) pairs carry this value: xml-crypto refuses more than one. */
  idCount(id: string): { count: number; declaredAsNamespace: boolean } {
    if (!this.ids) this.walk();
    return { count: this.ids!.get(id) ?? 0, declaredAsNamespace: this.nsDeclaredIds!.has(id) };
  }

  /** How many ds:Signature elements carry this SignatureValue: xml-crypto refuses to guess between copies. */
  signatureValueCount(value: string): number {
    if (!this.signatureValues) this.walk();
    return this.signatureValues!.get(value) ?? 0;
  }
}

/**
 * Prepares the ds:Signature `sig`, whose parent `signed` it must cover (the caller has checked
 * the single ds:Reference names the parent's ID and only allowed transforms are listed).
 */
export function prepareEnvelopedSignature(
  sig: Element,
  signed: Element,
  index: DocumentIndex,
): PreparedSignature {
  const signedInfos = children(sig, 'SignedInfo');
  if (signedInfos.length !== 1 || signedInfos[0].namespaceURI !== NS.ds) return UNUSUAL;
  const signedInfo = signedInfos[0];
  // Processing instructions are where xml-crypto's canonical form and the DOM's text disagree.
  if (hasDescendantOfType(signedInfo, 7) || hasCarriageReturnText(signedInfo)) return UNUSUAL;
  if (firstAlgorithm(sig, 'CanonicalizationMethod') !== ALGORITHMS.excC14n) return UNUSUAL;
  const c14nMethod = children(signedInfo, 'CanonicalizationMethod')[0];
  if (c14nMethod && children(c14nMethod, 'InclusiveNamespaces').length > 0) return UNUSUAL;
  const verifyAlgorithm = SIGNATURES.get(firstAlgorithm(sig, 'SignatureMethod') ?? '');
  if (!verifyAlgorithm) return UNUSUAL;

  const refs = children(signedInfo, 'Reference');
  if (refs.length !== 1) return UNUSUAL;
  const ref = refs[0];
  const digestMethod = children(ref, 'DigestMethod')[0];
  const hash = digestMethod && DIGESTS.get(anyNsAttr(digestMethod, 'Algorithm') ?? '');
  const digestValues = children(ref, 'DigestValue');
  if (!hash || digestValues.length !== 1) return UNUSUAL;
  const digestValue = digestValues[0].textContent ?? '';
  if (digestValue === '') return UNUSUAL;
  const transformLists = children(ref, 'Transforms');
  if (transformLists.length !== 1) return UNUSUAL;
  const transforms = children(transformLists[0], 'Transform');
  const algorithms = transforms.map((t) => anyNsAttr(t, 'Algorithm')).filter((a) => a !== undefined);
  if (
    algorithms.length !== 2 ||
    algorithms[0] !== ALGORITHMS.enveloped ||
    algorithms[1] !== ALGORITHMS.excC14n ||
    children(transforms[transforms.length - 1], 'InclusiveNamespaces').length > 0
  )
    return UNUSUAL;

  const id = (ref.getAttribute('URI') ?? '').replace(/^#/, '');
  if (id === '' || id.includes("'")) return UNUSUAL;
  const ids = index.idCount(id);
  if (ids.declaredAsNamespace || ids.count === 0) return UNUSUAL;
  if (ids.count > 1) {
    return {
      kind: 'rejected',
      error:
        'Cannot validate a document which contains multiple elements with the same value for the ID / Id / Id attributes, in order to prevent signature wrapping attack.',
    };
  }

  // The SignatureValue xml-crypto verifies: the first text node under the first SignatureValue.
  const valueEl = children(sig, 'SignatureValue')[0];
  const firstValue = firstNamed(sig, 'SignatureValue');
  if (!valueEl || firstValue !== valueEl) return UNUSUAL;
  const only = valueEl.firstChild;
  if (only?.nodeType !== 3 || only.nextSibling) return UNUSUAL;
  const rawValue = (only as unknown as { data: string }).data;
  // A carriage return (.NET signers wrap with &#xD;) makes xml-crypto miss the enveloped signature: its verdict is kept.
  if (rawValue === '' || rawValue.includes('\r')) return UNUSUAL;
  if (index.signatureValueCount(valueEl.textContent ?? '') > 1) {
    return {
      kind: 'rejected',
      error:
        'Cannot validate a document which contains multiple Signature elements with the same SignatureValue, in order to prevent signature wrapping attack.',
    };
  }

  // A CanonicalizationMethod child of the signed element would switch on inclusive prefixes.
  if (children(signed, 'CanonicalizationMethod').length > 0) return UNUSUAL;
  const c14n = new WithoutChild(sig);
  const signedXml = c14n.process(signed as never, { defaultNsForPrefix: DS_DEFAULTS });
  const digest = createHash(hash).update(signedXml, 'utf8').digest();
  const canonicalSignedInfo = new ExclusiveCanonicalization().process(signedInfo as never, {
    defaultNsForPrefix: DS_DEFAULTS,
  });
  return {
    kind: 'ready',
    signedInfo: canonicalSignedInfo,
    signedXml,
    signedElement: c14n.sawInstruction ? undefined : signed,
    digestMatches: digest.equals(Buffer.from(digestValue, 'base64')),
    verifyAlgorithm,
    signatureValue: rawValue.replace(/\r?\n/g, ''),
  };
}
