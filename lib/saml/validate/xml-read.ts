import type { Element } from '@xmldom/xmldom';
import { BEARER, NS } from '../namespaces.ts';
import { childElements, firstChild } from '../safe-xml.ts';

/** Small, namespace-exact readers over a Response or Assertion, shared by the checks. */

export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el?.hasAttribute(name)) return undefined;
  return el.getAttribute(name) ?? undefined;
}

export function issuerOf(el: Element | undefined): Element | undefined {
  return el ? firstChild(el, NS.saml, 'Issuer') : undefined;
}

export function subjectOf(assertion: Element): Element | undefined {
  return firstChild(assertion, NS.saml, 'Subject');
}

export function conditionsOf(assertion: Element): Element | undefined {
  return firstChild(assertion, NS.saml, 'Conditions');
}

export interface BearerConfirmation {
  data?: Element;
  recipient?: string;
  notOnOrAfter?: string;
  notBefore?: string;
  inResponseTo?: string;
}

export function bearerConfirmations(assertion: Element): BearerConfirmation[] {
  const subject = subjectOf(assertion);
  if (!subject) return [];
  return childElements(subject, NS.saml, 'SubjectConfirmation')
    .filter((sc) => sc.getAttribute('Method') === BEARER)
    .map((sc) => {
      const data = firstChild(sc, NS.saml, 'SubjectConfirmationData');
      return {
        data,
        recipient: attr(data, 'Recipient'),
        notOnOrAfter: attr(data, 'NotOnOrAfter'),
        notBefore: attr(data, 'NotBefore'),
        inResponseTo: attr(data, 'InResponseTo'),
      };
    });
}

/** The bearer confirmation that names this ACS, else the first one (for reporting). */
export function chosenBearer(assertion: Element, receivedAt: string): BearerConfirmation | undefined {
  const all = bearerConfirmations(assertion);
  return all.find((b) => b.recipient === receivedAt) ?? all[0];
}

export function attributesOf(
  assertion: Element,
  text: (el: Element) => string = (el) => el.textContent ?? '',
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of childElements(assertion, NS.saml, 'AttributeStatement')) {
    for (const a of childElements(statement, NS.saml, 'Attribute')) {
      const name = a.getAttribute('Name') ?? '';
      const values = childElements(a, NS.saml, 'AttributeValue')
        .filter((v) => v.getAttributeNS(NS.xsi, 'nil') !== 'true')
        .map(text);
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

/** Parses xs:dateTime strictly enough that garbage is not read as some date. */
export function parseInstant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value.trim()))
    return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : new Date(t);
}
