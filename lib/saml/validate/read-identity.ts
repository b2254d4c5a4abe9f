import type { Element } from '@xmldom/xmldom';
import { NAMEID_FORMAT, NS } from '../namespaces.ts';
import { firstChild } from '../safe-xml.ts';
import type { AssertedIdentity } from './types.ts';
import { attr, attributesOf, issuerOf, subjectOf } from './xml-read.ts';

/**
 * How a value is read: its text content (every text node), or, for the nameid-first-text defect,
 * its first child node only, the reading behind CVE-2017-11427.
 */
export type TextReader = (el: Element) => string;

export const textContent: TextReader = (el) => el.textContent ?? '';
export const firstTextNode: TextReader = (el) => el.firstChild?.nodeValue ?? '';

/** The identity an assertion asserts; call it only with an assertion a valid signature covered. */
export function readIdentity(
  assertion: Element,
  text: TextReader = textContent,
): AssertedIdentity | undefined {
  const subject = subjectOf(assertion);
  const nameId = subject ? firstChild(subject, NS.saml, 'NameID') : undefined;
  if (!nameId) return undefined;
  const authn = firstChild(assertion, NS.saml, 'AuthnStatement');
  return {
    nameId: text(nameId),
    nameIdFormat: nameId.getAttribute('Format') || NAMEID_FORMAT.unspecified,
    nameQualifier: attr(nameId, 'NameQualifier'),
    spNameQualifier: attr(nameId, 'SPNameQualifier'),
    attributes: Object.fromEntries(attributesOf(assertion, text)),
    sessionIndex: attr(authn, 'SessionIndex'),
    issuer: issuerOf(assertion)?.textContent ?? '',
  };
}
