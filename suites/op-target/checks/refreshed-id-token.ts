import type { ReceivedIdToken } from '../steps/id-token.ts';
import type { Judged } from './id-token-checks.ts';

const show = (v: unknown) => JSON.stringify(v);

/** Claims OIDC Core 12.2 requires to be the same in an ID token of the refresh grant as in the original. */
const KEPT = ['iss', 'sub', 'aud', 'azp'] as const;

/**
 * OIDC Core 12.2: an ID token returned by the refresh grant keeps the original iss, sub, aud and
 * azp; its iat is the time it was issued; auth_time, if present, is the original authentication's;
 * nonce SHOULD be absent and, if present, MUST be the original's; otherwise it is held to the same
 * rules as the original, so its signature must verify.
 */
export function judgeRefreshedIdToken(original: ReceivedIdToken, refreshed: ReceivedIdToken): Judged {
  const was = original.claims;
  const now = refreshed.claims;
  const problems: string[] = [];
  if (refreshed.signatureProblem) problems.push(refreshed.signatureProblem);
  for (const name of KEPT)
    if (show(now[name]) !== show(was[name]))
      problems.push(`${name} ${show(now[name])}, the original ID token's ${show(was[name])}`);
  if (typeof now.iat !== 'number') problems.push(`iat ${show(now.iat)} is not a number`);
  if (now.auth_time !== undefined && now.auth_time !== was.auth_time)
    problems.push(`auth_time ${show(now.auth_time)}, the original authentication's ${show(was.auth_time)}`);
  if (now.nonce !== undefined && now.nonce !== was.nonce)
    problems.push(`nonce ${show(now.nonce)}, the original ID token's ${show(was.nonce)}`);
  return problems.length === 0
    ? {
        ok: true,
        detail: `the refreshed ID token verifies and keeps iss, sub, aud${was.azp === undefined ? '' : ', azp'}${now.auth_time === undefined ? '' : ', auth_time'}${now.nonce === undefined ? ', without nonce' : ' and nonce'}`,
      }
    : { ok: false, detail: problems.join('; ') };
}
