import type { VendorProfile } from './types.ts';
import { wsFedAtOneEndpoint } from './ws-fed.ts';

/** No product in particular: plain paths and names, for scenarios that imitate none. */
export const generic: VendorProfile = {
  id: 'generic',
  product: 'Accord IdP',
  paths: {
    metadata: '/metadata',
    sso: '/sso',
    slo: '/slo',
    idpInitiated: '/idp-initiated',
    login: '/login',
  },
  look: {
    title: 'Sign in',
    heading: 'Accord IdP',
    signingCommonName: (host) => `Accord IdP Signing - ${host}`,
    organization: 'Accord',
  },
  metadata: { nameIdFormats: [], wsFed: wsFedAtOneEndpoint },
  // The parameter of Accord's own /__accord/idp-initiated.
  signIn: { identifierFirst: false, staySignedIn: false },
  idpInitiatedSpParameter: 'sp',
  claims: { firstName: [], lastName: [], groups: [] },
};
