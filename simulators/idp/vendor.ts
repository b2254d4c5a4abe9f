import type { Scenario } from '../../lib/scenario/types.ts';

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
  const host = `${scenario.id}.accord.test`;
  switch (scenario.vendor) {
    case 'adfs':
      return {
        title: 'Sign In',
        heading: 'AD FS',
        signingCommonName: `ADFS Signing - ${host}`,
        organization: 'Accord AD FS',
      };
    case 'entra':
      return {
        title: 'Sign in to your account',
        heading: 'Microsoft Entra ID',
        signingCommonName: 'Microsoft Azure Federated SSO Certificate',
        organization: 'Accord Entra ID',
      };
    case 'ping':
      return {
        title: 'Sign On',
        heading: 'PingFederate',
        signingCommonName: `PingFederate Signing - ${host}`,
        organization: 'Accord PingFederate',
      };
    default:
      return {
        title: 'Sign in',
        heading: 'Accord IdP',
        signingCommonName: `Accord IdP Signing - ${host}`,
        organization: 'Accord',
      };
  }
}
