import type { Element } from '@xmldom/xmldom';
import type { CheckId } from '../../checks/catalog.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok } from './verdict.ts';
import { issuerOf } from './xml-read.ts';

export const ID = 'IDP-RESP-ISSUER' satisfies CheckId;

const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

/** SAML profiles 4.1.4.2: the Response Issuer (optional) and the assertion Issuer name the IdP, in entity format. */
export const checkIssuer: CheckFn = (view, ctx) => {
  const problems: Problem[] = [];
  const expected = ctx.idp.entityId;
  const judge = (el: Element | undefined, what: string, required: boolean) => {
    if (!el) {
      if (required)
        problems.push({
          detail: `${what} Issuer: expected ${expected}, got (absent)`,
          excusedBy: 'skip-issuer',
        });
      return;
    }
    const value = el.textContent ?? '';
    if (value !== expected) {
      problems.push({
        detail: `${what} Issuer: expected ${expected}, got ${value}`,
        excusedBy: 'skip-issuer',
      });
    }
    const format = el.getAttribute('Format');
    if (format && format !== ENTITY_FORMAT) {
      problems.push({
        detail: `${what} Issuer Format: expected ${ENTITY_FORMAT} or none, got ${format}`,
        excusedBy: 'skip-issuer',
      });
    }
  };
  judge(issuerOf(view.response), 'Response', false);
  if (view.assertion) judge(issuerOf(view.assertion), 'assertion', true);
  return ok(`Issuer ${expected}`, problems);
};
