import type { CheckId } from '../../checks/catalog.ts';
import { NAMEID_FORMAT, NS } from '../namespaces.ts';
import { firstChild } from '../safe-xml.ts';
import { isEmail } from './email.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok, skipped } from './verdict.ts';
import { subjectOf } from './xml-read.ts';

export const ID = 'IDP-NAMEID-FORMAT' satisfies CheckId;

/*
 * Seed (webex-adfs-integration, "NameID Format"): "Cisco Webex Teams supports the following NameID
 * formats: urn:oasis:names:tc:SAML:2.0:nameid-format:transient,
 * urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified, urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".
 * Exactly those three; persistent is not among them.
 */
export const ACCEPTED_NAMEID_FORMATS: readonly string[] = [
  NAMEID_FORMAT.transient,
  NAMEID_FORMAT.unspecified,
  NAMEID_FORMAT.emailAddress,
];

export const checkNameIdFormat: CheckFn = (view) => {
  if (!view.assertion) return skipped('no assertion');
  const subject = subjectOf(view.assertion);
  if (!subject) return ok('', [{ detail: 'the assertion has no Subject' }]);
  if (firstChild(subject, NS.saml, 'EncryptedID')) {
    return ok('', [{ detail: 'EncryptedID is not supported by this SP yet; send a plain NameID' }]);
  }
  const nameId = firstChild(subject, NS.saml, 'NameID');
  if (!nameId) return ok('', [{ detail: 'the Subject has no NameID' }]);
  const format = nameId.getAttribute('Format') || NAMEID_FORMAT.unspecified;
  const value = nameId.textContent ?? '';
  const problems: Problem[] = [];
  if (!ACCEPTED_NAMEID_FORMATS.includes(format)) {
    problems.push({
      detail: `NameID Format: expected one of ${ACCEPTED_NAMEID_FORMATS.join(', ')}, got ${format}`,
    });
  }
  if (value.trim() === '') problems.push({ detail: 'NameID is empty' });
  else if (format === NAMEID_FORMAT.emailAddress && !isEmail(value)) {
    problems.push({ detail: `NameID with Format emailAddress: expected an email address, got "${value}"` });
  }
  return ok(`NameID Format ${format}`, problems);
};
