import type { RpDefectName } from './defects.ts';
import type { RpUser } from './sessions.ts';

/** The administrator every organization has: whom the wrong-user defect signs everyone in as. */
export const ORG_ADMIN: RpUser = { email: 'org.admin@reference-rp.accord.test', name: 'Org Admin' };

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The user the application shows for these claims (ID token and userinfo, merged). */
export function userOf(claims: Record<string, unknown>, defects: ReadonlySet<RpDefectName>): RpUser {
  if (defects.has('wrong-user')) return ORG_ADMIN;
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return { email: text(claims.email), name: text(claims.name) ?? text(given) };
}
