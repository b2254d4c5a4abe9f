import { note, saml2int, samlBindings, samlCore, samlMetadata, samlProfiles, seed } from './spec-refs.ts';
import type { CheckSpec } from './types.ts';

/** Checks that judge a target playing the IdP; the reference SP evaluates the Response checks on every Response it receives. */
export const IDP_CHECKS = {
  'IDP-MD-01': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'IdP metadata is SAML 2.0 metadata with an IDPSSODescriptor, an SSO endpoint and a valid signing certificate; signed metadata verifies',
    refs: [samlMetadata('2.4.3'), seed('Control Hub "Import IdP metadata"')],
  },
  'IDP-RESP-XML': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'The Response is a well-formed samlp:Response with no DTD, delivered by HTTP-POST',
    refs: [samlCore('3.2.2'), samlBindings('3.5')],
  },
  'IDP-RESP-STATUS': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'The Response status is Success for a user who signed in',
    refs: [samlCore('3.2.2.2')],
  },
  'IDP-RESP-SIGNED': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'The assertion (or the whole Response) is signed by a certificate in the IdP metadata',
    refs: [samlProfiles('4.1.3.5'), seed('"SAML assertion must be signed"')],
  },
  'IDP-RESP-ALG': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'Signatures use RSA-SHA256 and SHA-256 digests',
    refs: [saml2int('(SHA-256)'), seed('Control Hub "SHA256 signing"')],
  },
  'IDP-RESP-ISSUER': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'Response and assertion Issuer equal the IdP entityID from its metadata',
    refs: [samlProfiles('4.1.4.2')],
  },
  'IDP-RESP-DESTINATION': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'Response Destination is the ACS URL the Response was posted to',
    refs: [samlBindings('3.5.5.2')],
  },
  'IDP-RESP-INRESPONSETO': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'InResponseTo equals the ID of the AuthnRequest (and is absent for IdP-initiated)',
    refs: [samlProfiles('4.1.4.2')],
  },
  'IDP-SUBJ-BEARER': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'A bearer SubjectConfirmation with Recipient = ACS URL and a NotOnOrAfter',
    refs: [samlProfiles('4.1.4.2')],
  },
  'IDP-COND-AUDIENCE': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'AudienceRestriction contains the SP entityID',
    refs: [samlProfiles('4.1.4.2'), samlCore('2.5.1.4')],
  },
  'IDP-COND-TIME': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'NotBefore/NotOnOrAfter bracket the time of receipt (within the allowed skew)',
    refs: [samlCore('2.5.1.2', '(Conditions)'), samlCore('2.4.1.2', '(SubjectConfirmationData)')],
  },
  'IDP-ASSERT-UNIQUE': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'Each Response carries exactly one assertion, with an ID never seen before',
    refs: [samlProfiles('4.1.4.5')],
  },
  'IDP-NAMEID-FORMAT': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'NameID format is one the identity service accepts: transient, unspecified or emailAddress',
    refs: [seed('AD FS integration "NameID Format"'), note('Control Hub SSO integration')],
  },
  'IDP-NAMEID-PROFILE': {
    flow: 'sp-initiated',
    level: 'MUST',
    title:
      'NameID Format and value are the ones the target profile declares (nameId): the identity service matches users by it',
    refs: [
      samlCore('8.3 (NameID formats)'),
      seed('Control Hub SSO integration ("NameID Format")'),
      note('the target profile'),
    ],
    appliesIf: 'nameIdProfile',
  },
  'IDP-ATTR-UID': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: "The uid attribute is present and equals the user's email address (case-sensitive)",
    refs: [seed('Control Hub "uid attribute must map to the email"')],
    appliesIf: 'webexIdentityService',
  },
  'IDP-RELAYSTATE': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'RelayState sent with the AuthnRequest comes back unchanged',
    refs: [samlBindings('3.4.3, 3.5.3')],
  },
  'IDP-IDPI-01': {
    flow: 'idp-initiated',
    level: 'MUST',
    title: 'IdP-initiated login delivers an unsolicited Response the SP accepts',
    refs: [samlProfiles('4.1.5')],
  },
  'IDP-SLO-01': {
    flow: 'slo',
    level: 'MUST',
    title:
      "The IdP answers the SP's signed LogoutRequest with a signed LogoutResponse to the SP's SingleLogoutService: InResponseTo the request's ID, Issuer the IdP entityID, Destination that endpoint, top-level status Success",
    refs: [
      samlProfiles('4.4.3.5, 4.4.4.2 (Issuer; signed or otherwise authenticated by the binding)'),
      samlCore('3.2.2 (InResponseTo), 3.7.3.2 (Success once the session authority ended the sessions)'),
      samlBindings('3.4.5.2, 3.5.5.2 (Destination)'),
    ],
  },
  'IDP-SLO-02': {
    flow: 'slo',
    level: 'MUST',
    title:
      'After single logout the IdP session is over: the next login from that browser asks for credentials again',
    refs: [
      samlCore("3.7.3.2 (the session authority MUST terminate the principal's sessions the request names)"),
      seed(
        'Control Hub "Single Log Out (SLO) ... user tokens are invalidated at both, the Identity Provider (IdP) and the Service Provider (SP)"',
      ),
    ],
  },
  'IDP-ROLL-01': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'Handed SP metadata listing the old and the new signing certificate (an IdP that supports multiple certificates), the IdP accepts AuthnRequests and, where it does single logout, LogoutRequests signed with the new key, and, where it encrypts assertions, encrypts them to the new encryption certificate',
    refs: [
      samlMetadata(
        '2.4.1.1 (every KeyDescriptor with use="signing" or no use names a signing key of the entity; use="encryption" the key to encrypt to)',
      ),
      saml2int('metadata and trust management: several signing keys in SP metadata during a key rollover'),
      samlBindings("3.4.4.1, 3.5.4 (a signed message is verified with the sender's key)"),
      samlCore('2.3.4 (EncryptedAssertion)'),
      seed('"Renew SP certificate": "An IdP that supports multiple certificates"'),
    ],
  },
  'IDP-ROLL-02': {
    flow: 'rollover',
    level: 'MUST',
    title:
      "An IdP that requires signed AuthnRequests refuses one signed with the SP's new key before it is handed the new SP metadata, and accepts it (and, where it does single logout, a LogoutRequest signed with that key) once it has the metadata listing the new certificate only (an IdP that supports a single certificate)",
    refs: [
      samlMetadata(
        '2.4.3 (WantAuthnRequestsSigned), 2.4.1.1 (the keys of an entity are those its metadata lists)',
      ),
      samlBindings("3.4.4.1, 3.5.4 (a signed message is verified with the sender's key)"),
      seed('"Renew SP certificate": "An IdP that supports a single certificate"'),
    ],
  },
  'IDP-ROLL-03': {
    flow: 'rollover',
    level: 'MUST',
    title:
      "When the IdP publishes a next signing key (its profile's keyRollover publish), its metadata lists it as a second signing KeyDescriptor beside the current one, and its Responses are still signed with the current key",
    refs: [
      samlMetadata('2.4.1.1 (one or more KeyDescriptor elements; use="signing")'),
      saml2int('metadata and trust management: a new signing key is published in metadata ahead of its use'),
      seed('"Renew IdP certificate" (the SP is given the IdP metadata with the new certificate first)'),
    ],
    appliesIf: 'keyRollover',
  },
  'IDP-ROLL-04': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'After the IdP switches to its new signing key (keyRollover switch), its Responses are signed with that key and verify against its refreshed metadata',
    refs: [
      samlMetadata('2.4.1.1 (the keys of an entity are those its metadata lists)'),
      samlCore('5.4 (the relying party verifies the signature with a key it trusts for the issuer)'),
      seed('"Renew IdP certificate"'),
    ],
    appliesIf: 'keyRollover',
  },
  'IDP-ROLL-05': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'After the IdP retires its old signing key (keyRollover retire), the old certificate has left its metadata and the new one is still listed',
    refs: [
      samlMetadata('2.4.1.1 (a KeyDescriptor names a key of the entity: a retired key is no longer one)'),
      saml2int('metadata and trust management: a retired key is removed from metadata'),
      seed('"Renew IdP certificate"'),
    ],
    appliesIf: 'keyRollover',
  },
} as const satisfies Record<string, CheckSpec>;
