import type { Scenario } from '../../lib/scenario/types.ts';
import { vendorProfile } from '../../lib/scenario/vendors/index.ts';

export interface VendorLook {
  /** Login page title, as the real product shows it. */
  title: string;
  /** Heading above the form. */
  heading: string;
  /** Subject CN of the token-signing certificate. */
  signingCommonName: string;
  organization: string;
}

export function vendorLook(scenario: Scenario): VendorLook {
  const { title, heading, signingCommonName, organization } = vendorProfile(scenario.vendor).look;
  return { title, heading, signingCommonName: signingCommonName(`${scenario.id}.accord.test`), organization };
}
