import type { WsFedClaimType } from '../../saml/metadata/build-idp-metadata.ts';
import type { VendorMetadataContext, WsFedDescriptors } from './types.ts';

/** The claim types AD FS lists in its FederationMetadata.xml, those a Webex-style SP reads; Entra ID lists them too. */
export const WS_FED_CLAIM_TYPES: WsFedClaimType[] = [
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    displayName: 'E-Mail Address',
    description: 'The e-mail address of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    displayName: 'Given Name',
    description: 'The given name of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    displayName: 'Name',
    description: 'The unique name of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
    displayName: 'UPN',
    description: 'The user principal name (UPN) of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    displayName: 'Surname',
    description: 'The surname of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/claims/Group',
    displayName: 'Group',
    description: 'A group that the user is a member of',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
    displayName: 'Name ID',
    description: 'The SAML name identifier of the user',
  },
];

/**
 * Entra ID's layout: one WS-Federation endpoint per tenant for both roles. Products that publish
 * no WS-Federation metadata of their own borrow it when a scenario asks for the descriptors.
 */
export function wsFedAtOneEndpoint(at: VendorMetadataContext): WsFedDescriptors {
  const wsfed = `${at.baseUrl}${at.tenantId ? `/${at.tenantId}` : ''}/wsfed`;
  return {
    displayName: at.entityId,
    passiveRequestorUrl: wsfed,
    securityTokenServiceUrl: wsfed,
    targetScopeUrl: at.entityId,
    claimTypes: WS_FED_CLAIM_TYPES,
  };
}
