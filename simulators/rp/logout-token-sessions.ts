import type { JWTPayload } from 'jose';
import type { RpDefectName } from './defects.ts';
import type { RpSignIn } from './sessions.ts';

/**
 * Back-Channel Logout 1.0 2.7: a token with sid ends the session the OP knows by that sid (of
 * that sub, when it names one); a token with sub alone ends every session of the sub. The
 * bcl-ends-all-sessions defect ends every session of the sub whatever sid says.
 */
export function sessionsNamedBy(
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
