import type { VendorProfile } from './types.ts';
import { wsFedAtOneEndpoint } from './ws-fed.ts';

/** Microsoft Entra ID, as its "Cisco Webex Meetings" gallery app tutorial sets it up. */
export const entra: VendorProfile = {
  id: 'entra',
  product: 'Microsoft Entra ID',
  // Every endpoint lives under the directory (tenant) id.
  paths: {
    metadata: '/{tenant_id}/federationmetadata/2007-06/federationmetadata.xml',
    sso: '/{tenant_id}/saml2',
    slo: '/{tenant_id}/saml2',
    idpInitiated: '/{tenant_id}/saml2/idp-initiated',
    login: '/{tenant_id}/login',
  },
  look: {
    title: 'Sign in to your account',
    heading: 'Microsoft Entra ID',
    // Entra names every tenant's token-signing certificate the same.
    signingCommonName: () => 'Microsoft Azure Federated SSO Certificate',
    organization: 'Accord Entra ID',
  },
  metadata: {
    nameIdFormats: ['emailAddress', 'persistent', 'unspecified', 'transient'],
    wsFed: wsFedAtOneEndpoint,
  },
  // login.microsoftonline.com asks for the account first, then its password, then "Stay signed in?".
  signIn: { identifierFirst: true, staySignedIn: true },
  idpInitiatedSpParameter: 'sp',
  // The tutorial's claims with a blank namespace, and the group claim of "Add a group claim".
  claims: {
    firstName: ['firstname'],
    lastName: ['lastname'],
    groups: ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups'],
  },
};
