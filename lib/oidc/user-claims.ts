import { createHash } from 'node:crypto';
import type { OidcClaimDialect, ScenarioUser } from '../scenario/types.ts';
import { addressClaim } from './address-claim.ts';

export interface ClaimShape {
  dialect: OidcClaimDialect;
  /** Entra ID's directory id (tid). */
  tenantId?: string;
  /** More groups than this and the groups overage form replaces the list. */
  groupsLimit?: number;
  /** Where the overage form says the groups can be fetched, for this user. */
  groupsEndpoint(user: ScenarioUser): string;
}

/**
 * The claims each scope grants (oidc-provider's `claims` configuration), and so the scopes the OP
 * supports. Groups and Entra ID's tenant, object id and version come with `openid`, as Entra sends
 * them to any client. Entra ID offers no address or phone scope (its v2.0 endpoint knows openid,
 * profile, email and offline_access), so that dialect has none.
 */
export function claimsByScope(dialect: OidcClaimDialect): Record<string, string[]> {
  const profile = ['name', 'given_name', 'family_name', 'preferred_username'];
  return dialect === 'entra'
    ? { openid: ['sub', 'oid', 'tid', 'ver', 'groups'], profile, email: ['email'] }
    : {
        openid: ['sub', 'groups'],
        profile,
        email: ['email', 'email_verified'],
        address: ['address'],
        phone: ['phone_number', 'phone_number_verified'],
      };
}

/** The scope values the OP supports: those of its discovery document's scopes_supported. */
export function supportedScopes(dialect: OidcClaimDialect): string[] {
  return Object.keys(claimsByScope(dialect));
}

/**
 * The subject identifier (the OP's account id): the directory object id for a standard OP; for
 * Entra ID an opaque 43-character value, as its v2.0 tokens carry (the object id goes in oid).
 */
export function subjectOf(user: ScenarioUser, shape: Pick<ClaimShape, 'dialect' | 'tenantId'>): string {
  if (shape.dialect !== 'entra') return user.objectId;
  return createHash('sha256')
    .update(`${shape.tenantId ?? ''}/${user.objectId}`)
    .digest('base64url');
}

/** Every claim the OP knows of a user; the granted scopes pick from them. */
export function userClaims(user: ScenarioUser, shape: ClaimShape): Record<string, unknown> {
  const overage = shape.groupsLimit !== undefined && user.groups.length > shape.groupsLimit;
  const groups = overage
    ? // OIDC Core 5.6.2 distributed claims, the form Entra ID uses past its groups limit.
      { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: shape.groupsEndpoint(user) } } }
    : user.groups.length > 0
      ? { groups: [...user.groups] }
      : {};
  const names = {
    name: user.displayName,
    given_name: user.firstName,
    family_name: user.lastName,
  };
  const sub = subjectOf(user, shape);
  if (shape.dialect === 'entra') {
    return {
      sub,
      ver: '2.0',
      tid: shape.tenantId,
      oid: user.objectId,
      ...names,
      preferred_username: user.upn,
      email: user.email,
      ...groups,
    };
  }
  return {
    sub,
    ...names,
    preferred_username: user.username,
    email: user.email,
    email_verified: true,
    ...(user.address ? { address: addressClaim(user.address) } : {}),
    // The directory's contact data counts as verified, its phone number as its email address.
    ...(user.phone ? { phone_number: user.phone, phone_number_verified: true } : {}),
    ...groups,
  };
}
