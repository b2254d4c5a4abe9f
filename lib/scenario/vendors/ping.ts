import type { VendorProfile } from './types.ts';
import { wsFedAtOneEndpoint } from './ws-fed.ts';

/** PingFederate, with an IdP connection for a Webex-style SP. */
export const ping: VendorProfile = {
  id: 'ping',
  product: 'PingFederate',
  paths: {
    metadata: '/pf/federation_metadata.ping',
    sso: '/idp/SSO.saml2',
    slo: '/idp/SLO.saml2',
    idpInitiated: '/idp/startSSO.ping',
    login: '/idp/login',
  },
  look: {
    title: 'Sign On',
    heading: 'PingFederate',
    signingCommonName: (host) => `PingFederate Signing - ${host}`,
    organization: 'Accord PingFederate',
  },
  metadata: { nameIdFormats: [], wsFed: wsFedAtOneEndpoint },
  signIn: { identifierFirst: false, staySignedIn: false },
  idpInitiatedSpParameter: 'PartnerSpId',
  // Basic-format attribute names, the groups from the LDAP memberOf.
  claims: { firstName: ['firstName'], lastName: ['lastName'], groups: ['memberOf'] },
};
