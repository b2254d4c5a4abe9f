import { DOMParser, type Document, type Element, MIME_TYPE, type Node } from '@xmldom/xmldom';
import { SamlInputError } from './errors.ts';
import { enforceXmlLimits, XML_LIMITS, type XmlLimits } from './xml-limits.ts';
import './xmldom-regexp-cache.ts';

export const MAX_XML_BYTES = 256 * 1024;

/**
 * Parses untrusted XML. A DTD is refused before parsing, so entity expansion and external
 * entities (XXE) never reach a parser, and so is a document past the nesting, element or attribute
 * limits (xml-limits.ts); a second root or any parse error is an error too.
 */
export function parseUntrustedXml(
  xml: string,
  what = 'message',
  maxBytes = MAX_XML_BYTES,
  limits: XmlLimits = XML_LIMITS,
): Document {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw new SamlInputError('too-large', `${what} is larger than ${maxBytes} bytes`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new SamlInputError(
      'doctype-forbidden',
      `${what} contains a DOCTYPE/ENTITY declaration, which is refused`,
    );
  }
  enforceXmlLimits(xml, what, limits);
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      // Line and column on every node cost a quarter of the parse and nothing here reads them.
      locator: false,
      onError: (level, msg) => {
        if (level !== 'warning') problems.push(String(msg).split('\n')[0]);
      },
    }).parseFromString(xml, MIME_TYPE.XML_TEXT);
  } catch (e) {
    throw new SamlInputError(
      'not-xml',
      `${what} is not well-formed XML: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  if (problems.length > 0) {
    throw new SamlInputError('not-xml', `${what} is not well-formed XML: ${problems[0]}`);
  }
  if (!doc.documentElement) throw new SamlInputError('not-xml', `${what} has no root element`);
  return doc;
}

export function expectRoot(doc: Document, ns: string, localName: string, what: string): Element {
  const root = doc.documentElement!;
  if (root.namespaceURI !== ns || root.localName !== localName) {
    throw new SamlInputError(
      'wrong-root',
      `${what}: expected root element {${ns}}${localName}, got {${root.namespaceURI ?? ''}}${root.localName}`,
    );
  }
  return root;
}

export function childElements(parent: Element, ns?: string, localName?: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if (ns !== undefined && el.namespaceURI !== ns) continue;
    if (localName !== undefined && el.localName !== localName) continue;
    out.push(el);
  }
  return out;
}

export function firstChild(parent: Element, ns: string, localName: string): Element | undefined {
  return childElements(parent, ns, localName)[0];
}

/** Descendant elements in document order, like getElementsByTagNameNS without xmldom's slow live list. */
export function descendants(root: Element | Document, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  // An explicit stack, not recursion: hostile input may nest elements deeper than the call stack.
  const stack: Node[] = [];
  for (let n = root.lastChild; n; n = n.previousSibling) stack.push(n);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if ((ns === '*' || el.namespaceURI === ns) && (localName === '*' || el.localName === localName))
      out.push(el);
    for (let c = el.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return out;
}

export function textOf(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  return el.textContent ?? '';
}

const XML_SPECIAL = /[&<>"']/;

export function escapeXml(s: string): string {
  // Most values (base64 messages above all) have nothing to escape: one scan instead of five.
  if (!XML_SPECIAL.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
