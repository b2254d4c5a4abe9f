import type { CheckId } from '../../checks/catalog.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok } from './verdict.ts';
import { bearerConfirmations } from './xml-read.ts';

export const ID = 'IDP-RESP-INRESPONSETO' satisfies CheckId;

/**
 * SAML profiles 4.1.4.2/4.1.4.3: InResponseTo names a request this SP sent and has not seen
 * answered; without it the Response is unsolicited (IdP-initiated), accepted only when allowed.
 */
export const checkInResponseTo: CheckFn = (view, ctx) => {
  const problems: Problem[] = [];
  const onResponse = view.response.getAttribute('InResponseTo') || undefined;
  const onSubject = view.assertion
    ? [
        ...new Set(
          bearerConfirmations(view.assertion)
            .map((b) => b.inResponseTo)
            .filter((v) => v !== undefined),
        ),
      ]
    : [];
  const irt = onResponse ?? onSubject[0];
  for (const s of onSubject) {
    if (onResponse !== undefined && s !== onResponse) {
      problems.push({
        detail: `SubjectConfirmationData InResponseTo ${s} differs from the Response InResponseTo ${onResponse}`,
        excusedBy: 'skip-inresponseto',
      });
    }
  }
  if (irt === undefined) {
    if (ctx.allowUnsolicited)
      return ok('absent: unsolicited Response, IdP-initiated SSO is allowed', problems);
    problems.push({
      detail:
        'InResponseTo: expected the ID of an AuthnRequest, got (absent); unsolicited Responses are refused',
    });
    return ok('', problems);
  }
  if (!ctx.outstandingRequestIds(irt)) {
    problems.push({
      detail: `InResponseTo: expected the ID of an outstanding AuthnRequest of this browser session, got ${irt}`,
      excusedBy: 'skip-inresponseto',
    });
  }
  return ok(`InResponseTo ${irt} matches the AuthnRequest sent`, problems);
};
