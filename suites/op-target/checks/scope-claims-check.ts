import type { TestUser } from '../../../lib/admin/protocol.ts';
import { ADDRESS_MEMBERS } from '../../../lib/oidc/address-claim.ts';
import type { UserAddress } from '../../../lib/scenario/types.ts';

/** OP-SCOPE-CLAIMS: judged (ok), or not judged at all (ok undefined: every scope was set aside). */
export interface ScopeClaimsVerdict {
  ok?: boolean;
  detail: string;
}

/** What OP-SCOPE-CLAIMS judges: the profile's op.scopeClaims, userinfo's answer, the test user, discovery. */
export interface ScopeClaimsInput {
  wanted: Record<string, readonly string[]>;
  claims: Record<string, unknown>;
  user: TestUser;
  /** The discovery document's scopes_supported, as served. */
  scopesSupported: unknown;
}

/** Discovery 1.0 3: scopes_supported is RECOMMENDED; when it is a list, the OP says what it supports. */
function advertised(scopesSupported: unknown): Set<string> | undefined {
  return Array.isArray(scopesSupported) ? new Set(scopesSupported.map(String)) : undefined;
}

/**
 * Why a scope of the profile's scopeClaims is not judged, or undefined when it is. Discovery 1.0 3:
 * the scopes OIDC Core defines SHOULD be in scopes_supported if supported, so one left out is taken
 * as not supported. Core 5.4: the claims of these scopes are Voluntary Claims, which an OP returns
 * when it has them (5.3.2: a claim not returned is omitted), so address and phone are judged only
 * for a test user the profile gives an address or phone number.
 */
export function notJudged(scope: string, user: TestUser, scopesSupported: unknown): string | undefined {
  if (advertised(scopesSupported)?.has(scope) === false)
    return `${scope}: the discovery document's scopes_supported does not list it`;
  if (scope === 'address' && !user.address) return 'address: the test user has no address (users)';
  if (scope === 'phone' && !user.phone) return 'phone: the test user has no phone (users)';
  return undefined;
}

/**
 * The scopes the main flow asks for: the profile's, and each scope of op.scopeClaims the discovery
 * document lists in scopes_supported (all of them when it has no list): an OP may refuse a scope it
 * does not support (RFC 6749 3.3, invalid_scope), which would break the flow every check needs.
 */
export function flowScope(base: string, wanted: Record<string, unknown>, scopesSupported: unknown): string {
  const offered = advertised(scopesSupported);
  const extra = Object.keys(wanted).filter((s) => offered?.has(s) !== false);
  return [...new Set([...base.split(' '), ...extra])].join(' ');
}

const digits = (s: string) => s.replace(/\D/g, '');

/** Core 5.1.1: address is a JSON object whose members are strings; those the test user has are theirs. */
function addressProblems(value: unknown, want: UserAddress): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    return [`address ${JSON.stringify(value)} is not a JSON object (OIDC Core 5.1.1)`];
  const got = value as Record<string, unknown>;
  const problems = Object.entries(got)
    .filter(([, v]) => typeof v !== 'string')
    .map(([m, v]) => `address.${m} ${JSON.stringify(v)} is not a string`);
  for (const [field, member] of Object.entries(ADDRESS_MEMBERS)) {
    const expected = want[field as keyof UserAddress];
    if (expected === undefined || typeof got[member] !== 'string') continue;
    if ((got[member] as string).trim() !== expected.trim())
      problems.push(`address.${member} ${JSON.stringify(got[member])} is not the test user's ${expected}`);
  }
  return problems;
}

/** Core 5.1: phone_number a string, the test user's (compared by its digits); phone_number_verified a boolean. */
function phoneProblems(claims: Record<string, unknown>, want: string): string[] {
  const problems: string[] = [];
  const number = claims.phone_number;
  if (number !== undefined && number !== null) {
    if (typeof number !== 'string') problems.push(`phone_number ${JSON.stringify(number)} is not a string`);
    else if (digits(number) !== digits(want))
      problems.push(`phone_number ${JSON.stringify(number)} is not the test user's ${want}`);
  }
  const verified = claims.phone_number_verified;
  if (verified !== undefined && verified !== null && typeof verified !== 'boolean')
    problems.push(`phone_number_verified ${JSON.stringify(verified)} is not a boolean (OIDC Core 5.1)`);
  return problems;
}

/**
 * OP-SCOPE-CLAIMS (OIDC Core 5.4): each scope the profile lists returns the claims it declares, in
 * the shape Core 5.1 gives them, with the test user's values where the profile knows them; the
 * scopes notJudged sets aside are named in the detail.
 */
export function judgeScopeClaims({
  wanted,
  claims,
  user,
  scopesSupported,
}: ScopeClaimsInput): ScopeClaimsVerdict {
  const problems: string[] = [];
  const judged: string[] = [];
  const asides: string[] = [];
  const compared: string[] = [];
  for (const [scope, names] of Object.entries(wanted)) {
    const aside = notJudged(scope, user, scopesSupported);
    if (aside) {
      asides.push(aside);
      continue;
    }
    judged.push(`${scope}: ${names.join(', ')}`);
    for (const n of names)
      if (claims[n] === undefined || claims[n] === null) problems.push(`scope ${scope}: no ${n}`);
    if (scope === 'email' && names.includes('email') && typeof claims.email === 'string') {
      compared.push('email');
      if (claims.email.toLowerCase() !== user.email.toLowerCase())
        problems.push(`email ${JSON.stringify(claims.email)} is not the test user's ${user.email}`);
    }
    if (scope === 'address' && user.address) {
      compared.push('address');
      problems.push(...addressProblems(claims.address, user.address));
    }
    if (scope === 'phone' && user.phone) {
      compared.push('phone_number');
      problems.push(...phoneProblems(claims, user.phone));
    }
  }
  const notes = asides.length > 0 ? `; not judged: ${asides.join('; ')}` : '';
  if (judged.length === 0) return { detail: `nothing to judge: ${asides.join('; ')}` };
  if (problems.length > 0) return { ok: false, detail: `${problems.join('; ')}${notes}` };
  const theirs = compared.length > 0 ? `; ${compared.join(', ')} the test user's` : '';
  return { ok: true, detail: `userinfo returned ${judged.join('; ')}${theirs}${notes}` };
}
