/*
 * Which SAML attribute names fill which identity-service attribute. Seed ("Edit SAML mapping",
 * table 1): "Username / Primary email address — Example: uid"; table 3: displayName
 * (user.displayname), name.givenName (user.givenname), name.familyName (user.surname); table 2:
 * externalId (user.objectid); table 5: groupId, groupexternalId. The Entra tutorial's claims
 * (firstname, lastname, email, uid), PingFederate's usual firstName and lastName, and the common
 * URI/OID spellings are accepted too.
 */
export const ATTRIBUTE_MAPPING = {
  uid: ['uid'],
  firstName: [
    'firstname',
    'firstName',
    'givenName',
    'givenname',
    'name.givenName',
    'user.givenname',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    'urn:oid:2.5.4.42',
  ],
  lastName: [
    'lastname',
    'lastName',
    'surname',
    'sn',
    'familyName',
    'name.familyName',
    'user.surname',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    'urn:oid:2.5.4.4',
  ],
  displayName: [
    'displayName',
    'displayname',
    'user.displayname',
    'http://schemas.microsoft.com/identity/claims/displayname',
    'urn:oid:2.16.840.1.113730.3.1.241',
  ],
  externalId: [
    'externalId',
    'user.objectid',
    'http://schemas.microsoft.com/identity/claims/objectidentifier',
  ],
  // As an administrator maps each IdP's group claim to groupId (seed, Table 5): AD FS's Group,
  // Entra ID's groups, PingFederate's memberOf.
  groupId: [
    'groupId',
    'http://schemas.xmlsoap.org/claims/Group',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    'memberOf',
  ],
  groupExternalId: ['groupexternalId', 'groupExternalId'],
} as const;

export interface MappedProfile {
  uid?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  externalId?: string;
  groupIds: string[];
  groupExternalIds: string[];
}

function first(attrs: Record<string, string[]>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = attrs[n]?.find((x) => x.trim() !== '');
    if (v !== undefined) return v;
  }
  return undefined;
}

function all(attrs: Record<string, string[]>, names: readonly string[]): string[] {
  return [...new Set(names.flatMap((n) => attrs[n] ?? []).filter((v) => v.trim() !== ''))];
}

export function mapAttributes(attrs: Record<string, string[]>): MappedProfile {
  return {
    uid: first(attrs, ATTRIBUTE_MAPPING.uid),
    firstName: first(attrs, ATTRIBUTE_MAPPING.firstName),
    lastName: first(attrs, ATTRIBUTE_MAPPING.lastName),
    displayName: first(attrs, ATTRIBUTE_MAPPING.displayName),
    externalId: first(attrs, ATTRIBUTE_MAPPING.externalId),
    groupIds: all(attrs, ATTRIBUTE_MAPPING.groupId),
    groupExternalIds: all(attrs, ATTRIBUTE_MAPPING.groupExternalId),
  };
}
