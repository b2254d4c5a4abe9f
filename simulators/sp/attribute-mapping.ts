import { type VendorProfile, vendorProfiles } from '../../lib/scenario/vendors/index.ts';

/*
 * Which SAML attribute names fill which identity-service attribute. Seed ("Edit SAML mapping",
 * table 1): "Username / Primary email address — Example: uid"; table 3: displayName
 * (user.displayname), name.givenName (user.givenname), name.familyName (user.surname); table 2:
 * externalId (user.objectid); table 5: groupId, groupexternalId. The common URI/OID spellings are
 * accepted too, and the names each vendor profile says its product sends (the Entra tutorial's
 * firstname and lastname, PingFederate's firstName and lastName, each product's group claim), as
 * an administrator would map them for that IdP. An OpenID Connect IdP's claims go through the same
 * mapping (seed: the JIT settings of "Integrate with OpenID Connect IdP" are those of "Configure
 * Just In Time (JIT) and SAML mapping"): OIDC Core 5.1's given_name, family_name and name, and
 * groups, the group claim OPs send.
 */
const OWN_NAMES = {
  uid: ['uid'],
  firstName: [
    'givenName',
    'givenname',
    'name.givenName',
    'user.givenname',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    'urn:oid:2.5.4.42',
    'given_name',
  ],
  lastName: [
    'surname',
    'sn',
    'familyName',
    'name.familyName',
    'user.surname',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    'urn:oid:2.5.4.4',
    'family_name',
  ],
  displayName: [
    'displayName',
    'displayname',
    'user.displayname',
    'http://schemas.microsoft.com/identity/claims/displayname',
    'urn:oid:2.16.840.1.113730.3.1.241',
    'name',
  ],
  externalId: [
    'externalId',
    'user.objectid',
    'http://schemas.microsoft.com/identity/claims/objectidentifier',
  ],
  groupId: ['groupId', 'groups'],
  groupExternalId: ['groupexternalId', 'groupExternalId'],
} as const;

type Mapping = { readonly [K in keyof typeof OWN_NAMES]: readonly string[] };

/** Each vendor's names the SP does not spell itself, in registry order. */
function vendorNames(field: keyof VendorProfile['claims'], own: readonly string[]): string[] {
  return [...new Set(vendorProfiles().flatMap((v) => v.claims[field]))].filter((n) => !own.includes(n));
}

/**
 * The names of every registered vendor, read when an assertion arrives, so that a profile added
 * later (or by a test) is mapped. A vendor's first and last name come ahead of the SP's guesses
 * at the spelling, as an administrator's mapping would; Webex's own groupId comes first among the
 * group names, which are all kept anyway.
 */
export function attributeMapping(): Mapping {
  return {
    ...OWN_NAMES,
    firstName: [...vendorNames('firstName', OWN_NAMES.firstName), ...OWN_NAMES.firstName],
    lastName: [...vendorNames('lastName', OWN_NAMES.lastName), ...OWN_NAMES.lastName],
    groupId: [...OWN_NAMES.groupId, ...vendorNames('groups', OWN_NAMES.groupId)],
  };
}

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
  const names = attributeMapping();
  return {
    uid: first(attrs, names.uid),
    firstName: first(attrs, names.firstName),
    lastName: first(attrs, names.lastName),
    displayName: first(attrs, names.displayName),
    externalId: first(attrs, names.externalId),
    groupIds: all(attrs, names.groupId),
    groupExternalIds: all(attrs, names.groupExternalId),
  };
}
