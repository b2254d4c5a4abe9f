import type { VendorProfile } from './types.ts';
import { WS_FED_CLAIM_TYPES } from './ws-fed.ts';

/** Active Directory Federation Services, as the Webex AD FS integration guide sets it up. */
export const adfs: VendorProfile = {
  id: 'adfs',
  product: 'AD FS',
  paths: {
    metadata: '/FederationMetadata/2007-06/FederationMetadata.xml',
    // AD FS serves SSO and SLO at one URL.
    sso: '/adfs/ls/',
    slo: '/adfs/ls/',
    idpInitiated: '/adfs/ls/idpinitiatedsignon.aspx',
    login: '/adfs/ls/login',
  },
  look: {
    title: 'Sign In',
    heading: 'AD FS',
    signingCommonName: (host) => `ADFS Signing - ${host}`,
    organization: 'Accord AD FS',
  },
  metadata: {
    nameIdFormats: ['emailAddress', 'persistent', 'transient'],
    wsFed: (at) => ({
      displayName: at.scenario.title,
      passiveRequestorUrl: at.ssoUrl,
      securityTokenServiceUrl: `${at.baseUrl}/adfs/services/trust/2005/issuedtokenmixedsymmetricbasic256`,
      targetScopeUrl: `${at.baseUrl}/adfs/services/trust/`,
      claimTypes: WS_FED_CLAIM_TYPES,
    }),
  },
  signIn: { identifierFirst: false, staySignedIn: false },
  idpInitiatedSpParameter: 'loginToRp',
  // AD FS sends the xmlsoap givenname and surname claim types, which every SP knows.
  claims: {
    firstName: [],
    lastName: [],
    groups: ['http://schemas.xmlsoap.org/claims/Group'],
  },
};
