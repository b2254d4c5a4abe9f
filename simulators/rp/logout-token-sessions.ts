import type { JWTPayload } from 'jose';
import type { RpDefectName } from './defects.ts';
import type { OpConnection } from './op-connection.ts';
import { decodeReceivedJwt, type ReceivedJwt, type TokenExpectations } from './rules/jwt.ts';
import { firstRefusal } from './rules/rule.ts';
import { LOGOUT_TOKEN_RULES } from './rules/tables.ts';
import type { RpSignIn } from './sessions.ts';

/**
 * Back-Channel Logout 1.0 2.7: a token with sid ends the session the OP knows by that sid (of
 * that sub, when it names one); a token with sub alone ends every session of the sub. The
 * bcl-ends-all-sessions defect ends every session of the sub whatever sid says.
 */
function sessionsNamedBy(
  claims: JWTPayload,
  issuer: string,
  defects: ReadonlySet<RpDefectName>,
): (s: RpSignIn) => boolean {
  const { sub, sid } = claims as { sub?: string; sid?: string };
  if (sub === undefined && sid === undefined) return () => false;
  if (defects.has('bcl-ends-all-sessions') && sub !== undefined)
    return (s) => s.iss === issuer && s.sub === sub;
  return (s) =>
    s.iss === issuer && (sid === undefined || s.sid === sid) && (sub === undefined || s.sub === sub);
}

/**
 * The logout token of a back-channel POST (Back-Channel Logout 1.0 2.5), its `logout_token` form
 * parameter as read, decoded; or why there is none to judge, for the 400 (2.8).
 */
export function postedLogoutToken(raw: string | undefined): ReceivedJwt | { problem: string } {
  if (!raw) return { problem: 'send logout_token as an application/x-www-form-urlencoded parameter' };
  const jwt = decodeReceivedJwt(raw);
  return 'malformed' in jwt ? { problem: `logout_token is no JWT: ${jwt.malformed}` } : jwt;
}

/**
 * A logout token from this OP judged by the reference RP's rules (Back-Channel Logout 1.0 2.6):
 * the rule it breaks, or which sign-ins it ends (2.7). Throws a RuleRefusal when the OP's
 * metadata or keys cannot be had.
 */
export async function judgeLogoutToken(
  jwt: ReceivedJwt,
  op: OpConnection,
  at: { nowMs: number; skewSeconds: number; defects: ReadonlySet<RpDefectName> },
): Promise<{ refusal: { rule: string; reason: string } } | { ends: (s: RpSignIn) => boolean }> {
  const meta = await op.serverMetadata();
  const expect: TokenExpectations = {
    issuer: meta.issuer,
    clientId: op.settings.clientId,
    clientSecret: op.settings.clientSecret,
    now: Math.floor(at.nowMs / 1000),
    skewSeconds: at.skewSeconds,
    keys: await op.keys(),
  };
  const refusal = await firstRefusal(LOGOUT_TOKEN_RULES, at.defects, jwt, expect);
  return refusal ? { refusal } : { ends: sessionsNamedBy(jwt.claims, meta.issuer, at.defects) };
}
