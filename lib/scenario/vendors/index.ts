import { adfs } from './adfs.ts';
import { entra } from './entra.ts';
import { generic } from './generic.ts';
import { ping } from './ping.ts';
import type { VendorProfile } from './types.ts';

export type { VendorMetadataContext, VendorProfile, WsFedDescriptors } from './types.ts';

/** The products Accord imitates, in the order the schema lists them. A new one is a file here, imported and listed. */
const BUILT_IN: readonly VendorProfile[] = [adfs, entra, ping, generic];

const VENDOR_ID = /^[a-z0-9][a-z0-9-]*$/;

const profiles = new Map<string, VendorProfile>();
for (const p of BUILT_IN) addProfile(p);

function addProfile(p: VendorProfile): void {
  if (!VENDOR_ID.test(p.id)) throw new Error(`vendor id "${p.id}": use lower-case letters, digits and '-'`);
  if (profiles.has(p.id)) throw new Error(`vendor "${p.id}" is registered twice`);
  profiles.set(p.id, p);
}

/** Every registered profile, built-in ones first. */
export function vendorProfiles(): VendorProfile[] {
  return [...profiles.values()];
}

/** The values a scenario's `vendor` may take. */
export function vendorIds(): string[] {
  return [...profiles.keys()];
}

/** The profile a scenario names; the loader admits no scenario whose vendor has none. */
export function vendorProfile(id: string): VendorProfile {
  const p = profiles.get(id);
  if (!p) throw new Error(`unknown vendor "${id}" (known: ${vendorIds().join(', ')})`);
  return p;
}

/**
 * Adds a profile defined outside this directory (a test's, an extension's) until the returned
 * function is called, so that a test can prove a new product needs nothing but its profile.
 */
export function registerVendor(p: VendorProfile): () => void {
  addProfile(p);
  return () => {
    if (profiles.get(p.id) === p) profiles.delete(p.id);
  };
}
