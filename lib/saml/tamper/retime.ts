import type { Element } from '@xmldom/xmldom';
import { samlInstant } from '../ids.ts';
import { NS } from '../namespaces.ts';
import { childElements, firstChild } from '../safe-xml.ts';
import { assertionsOf, type Genuine, parseGenuine, serialize, signatureOf } from './dom.ts';
import { resign } from './resign.ts';
import type { TamperKey } from './types.ts';
import { TamperNotApplicable } from './types.ts';

/** Validity bounds, in seconds from the Response's IssueInstant (negative: before it). */
export interface ResponseTimes {
  /** Conditions NotBefore. */
  notBefore?: number;
  /** Conditions NotOnOrAfter. */
  notOnOrAfter?: number;
  /** NotOnOrAfter of every bearer SubjectConfirmationData. */
  subjectConfirmationNotOnOrAfter?: number;
}

function setTimes(g: Genuine, times: ResponseTimes): void {
  const issued = Date.parse(g.response.getAttribute('IssueInstant') ?? '');
  if (Number.isNaN(issued)) throw new TamperNotApplicable('retime', 'the Response has no IssueInstant');
  const at = (s: number) => samlInstant(new Date(issued + s * 1000));
  for (const assertion of assertionsOf(g.response)) {
    let conditions = firstChild(assertion, NS.saml, 'Conditions');
    if (!conditions && (times.notBefore !== undefined || times.notOnOrAfter !== undefined)) {
      conditions = g.doc.createElementNS(
        NS.saml,
        `${assertion.prefix ? `${assertion.prefix}:` : ''}Conditions`,
      );
      const subject = firstChild(assertion, NS.saml, 'Subject');
      assertion.insertBefore(conditions, subject?.nextSibling ?? null);
    }
    if (conditions && times.notBefore !== undefined)
      conditions.setAttribute('NotBefore', at(times.notBefore));
    if (conditions && times.notOnOrAfter !== undefined)
      conditions.setAttribute('NotOnOrAfter', at(times.notOnOrAfter));
    if (times.subjectConfirmationNotOnOrAfter !== undefined) {
      for (const data of confirmationData(assertion)) {
        data.setAttribute('NotOnOrAfter', at(times.subjectConfirmationNotOnOrAfter));
      }
    }
  }
}

function confirmationData(assertion: Element): Element[] {
  const subject = firstChild(assertion, NS.saml, 'Subject');
  if (!subject) return [];
  return childElements(subject, NS.saml, 'SubjectConfirmation').flatMap((sc) =>
    childElements(sc, NS.saml, 'SubjectConfirmationData'),
  );
}

/**
 * The Response as the IdP would have issued it with other validity bounds: the times set, then
 * what was signed signed again by `signer` (the IdP key) with the same algorithms. Not an attack
 * of the catalogue: it lets the IdP simulator state times its builder has no field for.
 */
export function retime(xml: string, times: ResponseTimes, signer: TamperKey): string {
  const g = parseGenuine(xml, 'retime');
  const signed = [...assertionsOf(g.response), g.response].some((el) => signatureOf(el));
  if (!signed) {
    setTimes(g, times);
    return serialize(g.doc);
  }
  return resign(xml, 'retime', { signer, mutate: (x) => setTimes(x, times) });
}
