import type { CheckId } from '../../checks/catalog.ts';
import type { CheckFn, Problem, ValidationDefect } from './types.ts';
import { ok, skipped } from './verdict.ts';
import { attr, chosenBearer, conditionsOf, parseInstant } from './xml-read.ts';

export const ID = 'IDP-COND-TIME' satisfies CheckId;

/**
 * Conditions NotBefore/NotOnOrAfter and the bearer data's NotOnOrAfter must bracket the time of
 * receipt, allowing the configured clock skew (the clauses are the catalog's, `checkDef(ID).refs`).
 */
export const checkTime: CheckFn = (view, ctx) => {
  if (!view.assertion) return skipped('no assertion');
  const problems: Problem[] = [];
  const now = ctx.now.getTime();
  const skew = ctx.skewSeconds * 1000;
  const seen: string[] = [];
  const bound = (
    value: string | undefined,
    what: 'Conditions' | 'SubjectConfirmationData',
    kind: 'NotBefore' | 'NotOnOrAfter',
  ) => {
    if (value === undefined) return;
    const excusedBy: ValidationDefect =
      kind === 'NotBefore' ? 'skip-notbefore' : what === 'Conditions' ? 'accept-expired' : 'skip-scd-expiry';
    const t = parseInstant(value);
    if (!t) {
      problems.push({ detail: `${what} ${kind} "${value}" is not an xs:dateTime`, excusedBy });
      return;
    }
    seen.push(`${what} ${kind} ${value}`);
    if (kind === 'NotBefore' && now + skew < t.getTime()) {
      problems.push({
        detail: `${what} NotBefore ${value} is in the future: received at ${ctx.now.toISOString()} (skew ${ctx.skewSeconds} s)`,
        excusedBy,
      });
    }
    if (kind === 'NotOnOrAfter' && now - skew >= t.getTime()) {
      problems.push({
        detail: `${what} NotOnOrAfter ${value} has passed: received at ${ctx.now.toISOString()} (skew ${ctx.skewSeconds} s)`,
        excusedBy,
      });
    }
  };
  const conditions = conditionsOf(view.assertion);
  bound(attr(conditions, 'NotBefore'), 'Conditions', 'NotBefore');
  bound(attr(conditions, 'NotOnOrAfter'), 'Conditions', 'NotOnOrAfter');
  const bearer = chosenBearer(view.assertion, ctx.receivedAt);
  bound(bearer?.notBefore, 'SubjectConfirmationData', 'NotBefore');
  bound(bearer?.notOnOrAfter, 'SubjectConfirmationData', 'NotOnOrAfter');
  return ok(
    `received at ${ctx.now.toISOString()} (skew ${ctx.skewSeconds} s) within ${seen.join(', ') || 'no time bounds'}`,
    problems,
  );
};
