import type { Element } from '@xmldom/xmldom';
import { NAMEID_FORMAT, NS } from '../namespaces.ts';
import { firstChild } from '../safe-xml.ts';
import type { AssertedIdentity } from './types.ts';
import { attr, attributesOf, issuerOf, subjectOf } from './xml-read.ts';

/** The identity an assertion asserts; call it only with an assertion a valid signature covered. */
export function readIdentity(assertion: Element): AssertedIdentity | undefined {
  const subject = subjectOf(assertion);
  const nameId = subject ? firstChild(subject, NS.saml, 'NameID') : undefined;
  if (!nameId) return undefined;
  const authn = firstChild(assertion, NS.saml, 'AuthnStatement');
  return {
    nameId: nameId.textContent ?? '',
    nameIdFormat: nameId.getAttribute('Format') || NAMEID_FORMAT.unspecified,
    nameQualifier: attr(nameId, 'NameQualifier'),
    spNameQualifier: attr(nameId, 'SPNameQualifier'),
    attributes: Object.fromEntries(attributesOf(assertion)),
    sessionIndex: attr(authn, 'SessionIndex'),
    issuer: issuerOf(assertion)?.textContent ?? '',
  };
}
