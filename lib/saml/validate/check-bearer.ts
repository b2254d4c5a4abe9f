import type { CheckId } from '../../checks/catalog.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok, skipped } from './verdict.ts';
import { bearerConfirmations } from './xml-read.ts';

export const ID = 'IDP-SUBJ-BEARER' satisfies CheckId;

/**
 * SAML profiles 4.1.4.2: a bearer SubjectConfirmation whose data names this ACS as Recipient and
 * carries a NotOnOrAfter (whether that time has passed is judged by IDP-COND-TIME).
 */
export const checkBearer: CheckFn = (view, ctx) => {
  if (!view.assertion) return skipped('no assertion');
  const bearers = bearerConfirmations(view.assertion);
  if (bearers.length === 0) return ok('', [{ detail: 'no SubjectConfirmation with Method bearer' }]);
  const problems: Problem[] = [];
  const match = bearers.find((b) => b.recipient === ctx.receivedAt);
  if (!match) {
    const got = bearers.map((b) => b.recipient ?? '(absent)').join(', ');
    problems.push({
      detail: `Recipient: expected ${ctx.receivedAt}, got ${got}`,
      excusedBy: 'skip-recipient',
    });
  }
  const chosen = match ?? bearers[0];
  if (!chosen.data) problems.push({ detail: 'bearer SubjectConfirmation has no SubjectConfirmationData' });
  else if (chosen.notOnOrAfter === undefined) {
    problems.push({ detail: 'bearer SubjectConfirmationData has no NotOnOrAfter' });
  }
  return ok(`bearer, Recipient ${chosen.recipient}, NotOnOrAfter ${chosen.notOnOrAfter}`, problems);
};
