import type { UserAddress } from '../scenario/types.ts';

/** OIDC Core 5.1.1: the address claim's members, each a string, by the field of a user's address. */
export const ADDRESS_MEMBERS = {
  streetAddress: 'street_address',
  locality: 'locality',
  region: 'region',
  postalCode: 'postal_code',
  country: 'country',
} as const satisfies Record<keyof UserAddress, string>;

/** The address claim (OIDC Core 5.1.1) of an address: its members, and `formatted` for a mailing label. */
export function addressClaim(address: UserAddress): Record<string, string> {
  const claim: Record<string, string> = {};
  for (const [field, member] of Object.entries(ADDRESS_MEMBERS)) {
    const value = address[field as keyof UserAddress];
    if (value) claim[member] = value;
  }
  const cityLine = [address.locality, [address.region, address.postalCode].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const lines = [address.streetAddress, cityLine, address.country].filter(Boolean);
  return lines.length > 0 ? { formatted: lines.join('\n'), ...claim } : claim;
}
