import type { CheckFn, Problem } from './types.ts';
import { ok } from './verdict.ts';

export const ID = 'IDP-ASSERT-UNIQUE';

/** SAML profiles 4.1.4.5: one assertion per Response, never presented before (replay). */
export const checkAssertionUnique: CheckFn = (view, ctx) => {
  const problems: Problem[] = [];
  if (view.encryptedAssertionCount > 0) {
    problems.push({
      detail:
        'EncryptedAssertion is not supported by this SP yet; configure the IdP to send the assertion unencrypted',
    });
  }
  if (view.assertionCount !== 1) {
    problems.push({
      detail: `Assertion count: expected 1 direct child of the Response, got ${view.assertionCount}`,
    });
  }
  const id = view.assertion?.getAttribute('ID') || undefined;
  if (id && ctx.replayCache.seen(id)) {
    problems.push({
      detail: `assertion ${id} was already accepted once (replay)`,
      excusedBy: 'no-replay-cache',
    });
  }
  return ok(`one assertion, ID ${id} not seen before`, problems);
};
