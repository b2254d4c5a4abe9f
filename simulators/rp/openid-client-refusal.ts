import { ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { RuleRefusal } from './rules/rule.ts';

const described = (error: unknown, description: unknown) =>
  `error=${String(error)}${description ? ` (${String(description)})` : ''}`;

/** A step openid-client refused for a reason none of the RP's own rules names: the library's words. */
export function openIdClientRefusal(step: string, e: unknown): RuleRefusal {
  if (e instanceof RuleRefusal) return e;
  if (e instanceof ResponseBodyError)
    return new RuleRefusal(step, `the OP answered ${e.status} ${described(e.error, e.error_description)}`);
  if (e instanceof WWWAuthenticateChallengeError) {
    const p = e.cause[0]?.parameters;
    return new RuleRefusal(step, `the OP answered ${e.status} ${described(p?.error, p?.error_description)}`);
  }
  const cause = (e as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new RuleRefusal(step, `${(e as Error).message ?? String(e)}${detail}`);
}
