import { type Document, type Element, type Node, XMLSerializer } from '@xmldom/xmldom';
import { NS } from '../namespaces.ts';
import { childElements, expectRoot, firstChild, parseUntrustedXml } from '../safe-xml.ts';
import { TamperNotApplicable } from './types.ts';

/*
 * The genuine message is edited as a DOM and written back with xmldom's serializer. The bytes
 * change (empty elements, quoting) but never the canonical form, so untouched signed parts still
 * verify.
 */

export interface Genuine {
  doc: Document;
  response: Element;
}

export function parseGenuine(xml: string, tamper: string): Genuine {
  const doc = parseUntrustedXml(xml, `${tamper}: genuine Response`, Number.MAX_SAFE_INTEGER);
  return { doc, response: expectRoot(doc, NS.samlp, 'Response', `${tamper}: genuine Response`) };
}

export function serialize(doc: Document): string {
  return new XMLSerializer().serializeToString(doc);
}

/** The enveloped signature of an element: its direct-child ds:Signature. */
export function signatureOf(el: Element): Element | undefined {
  return firstChild(el, NS.ds, 'Signature');
}

export function assertionsOf(response: Element): Element[] {
  return childElements(response, NS.saml, 'Assertion');
}

export function requireResponseSignature(g: Genuine, tamper: string): Element {
  const sig = signatureOf(g.response);
  if (!sig) throw new TamperNotApplicable(tamper, 'the genuine Response carries no Response signature');
  return sig;
}

/** The first direct-child assertion that carries its own signature, with that signature. */
export function requireSignedAssertion(
  g: Genuine,
  tamper: string,
): { assertion: Element; signature: Element } {
  for (const assertion of assertionsOf(g.response)) {
    const signature = signatureOf(assertion);
    if (signature) return { assertion, signature };
  }
  throw new TamperNotApplicable(tamper, 'the genuine Response carries no signed assertion');
}

export function remove(node: Node): void {
  node.parentNode?.removeChild(node);
}

export function replaceText(el: Element, text: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(el.ownerDocument!.createTextNode(text));
}

/** A deep copy without its own enveloped signature: the form an attacker reuses a signed element in. */
export function unsignedCopy(el: Element): Element {
  const copy = el.cloneNode(true) as Element;
  const sig = signatureOf(copy);
  if (sig) remove(sig);
  return copy;
}

/**
 * A fresh ID for a forged element, derived from the genuine one: IDs stay unique (libxml2/xmlsec and
 * xml-crypto refuse duplicate IDs outright, which would test a different defence) and repeatable.
 */
export function evilId(id: string): string {
  return `_evil_${id.replace(/^_+/, '')}`;
}

export function subjectNameId(assertion: Element): Element | undefined {
  const subject = firstChild(assertion, NS.saml, 'Subject');
  return subject ? firstChild(subject, NS.saml, 'NameID') : undefined;
}

/**
 * Makes an assertion speak for the attacker: the subject NameID and every AttributeValue equal to
 * the old NameID (uid and email attributes usually repeat it) carry `nameId` instead.
 */
export function impersonate(assertion: Element, nameId: string): void {
  const el = subjectNameId(assertion);
  if (!el) return;
  const old = el.textContent ?? '';
  replaceText(el, nameId);
  // Only the assertion's own statements: a wrapped genuine assertion inside it stays as signed.
  for (const statement of childElements(assertion, NS.saml, 'AttributeStatement')) {
    for (const attribute of childElements(statement, NS.saml, 'Attribute')) {
      for (const value of childElements(attribute, NS.saml, 'AttributeValue')) {
        if (old !== '' && value.textContent === old) replaceText(value, nameId);
      }
    }
  }
}

/** Turns a copy of an assertion into the attacker's: fresh ID, attacker identity, and (unless kept) no signature. */
export function forge(assertion: Element, nameId: string, keepSignature = false): Element {
  if (!keepSignature) {
    const sig = signatureOf(assertion);
    if (sig) remove(sig);
  }
  assertion.setAttribute('ID', evilId(assertion.getAttribute('ID') ?? ''));
  impersonate(assertion, nameId);
  return assertion;
}
