import type { CheckDef } from './types.ts';

const idp = (id: string, flow: string, level: CheckDef['level'], title: string, spec: string): CheckDef => ({
  id,
  flow,
  level,
  title,
  spec,
  role: 'idp',
});

/** Checks that judge a target playing the IdP; the reference SP evaluates them on every Response it receives. */
export const IDP_CHECKS: CheckDef[] = [
  idp('IDP-MD-01', 'metadata', 'MUST', 'IdP metadata is SAML 2.0 metadata with an IDPSSODescriptor, an SSO endpoint and a signing certificate', 'SAML metadata 2.4.3; seed: Control Hub "Import IdP metadata"'),
  idp('IDP-RESP-XML', 'sp-initiated', 'MUST', 'The Response is a well-formed samlp:Response with no DTD, delivered by HTTP-POST', 'SAML core 3.2.2; bindings 3.5'),
  idp('IDP-RESP-STATUS', 'sp-initiated', 'MUST', 'The Response status is Success for a user who signed in', 'SAML core 3.2.2.2'),
  idp('IDP-RESP-SIGNED', 'sp-initiated', 'MUST', 'The assertion (or the whole Response) is signed by a certificate in the IdP metadata', 'SAML profiles 4.1.3.5; seed: "SAML assertion must be signed"'),
  idp('IDP-RESP-ALG', 'sp-initiated', 'MUST', 'Signatures use RSA-SHA256 and SHA-256 digests', 'saml2int (SHA-256); seed: Control Hub "SHA256 signing"'),
  idp('IDP-RESP-ISSUER', 'sp-initiated', 'MUST', 'Response and assertion Issuer equal the IdP entityID from its metadata', 'SAML profiles 4.1.4.2'),
  idp('IDP-RESP-DESTINATION', 'sp-initiated', 'MUST', 'Response Destination is the ACS URL the Response was posted to', 'SAML bindings 3.5.5.2'),
  idp('IDP-RESP-INRESPONSETO', 'sp-initiated', 'MUST', 'InResponseTo equals the ID of the AuthnRequest (and is absent for IdP-initiated)', 'SAML profiles 4.1.4.2'),
  idp('IDP-SUBJ-BEARER', 'sp-initiated', 'MUST', 'A bearer SubjectConfirmation with Recipient = ACS URL and a NotOnOrAfter', 'SAML profiles 4.1.4.2'),
  idp('IDP-COND-AUDIENCE', 'sp-initiated', 'MUST', 'AudienceRestriction contains the SP entityID', 'SAML profiles 4.1.4.2; core 2.5.1.4'),
  idp('IDP-COND-TIME', 'sp-initiated', 'MUST', 'NotBefore/NotOnOrAfter bracket the time of receipt (within the allowed skew)', 'SAML core 2.5.1.2'),
  idp('IDP-ASSERT-UNIQUE', 'sp-initiated', 'MUST', 'Each Response carries exactly one assertion, with an ID never seen before', 'SAML profiles 4.1.4.5'),
  idp('IDP-NAMEID-FORMAT', 'sp-initiated', 'MUST', 'NameID format is one the identity service accepts (transient, unspecified, emailAddress, persistent)', 'seed: Control Hub "NameID format"'),
  idp('IDP-ATTR-UID', 'sp-initiated', 'MUST', 'The uid attribute is present and equals the user\'s email address (case-sensitive)', 'seed: Control Hub "uid attribute must map to the email"'),
  idp('IDP-RELAYSTATE', 'sp-initiated', 'MUST', 'RelayState sent with the AuthnRequest comes back unchanged', 'SAML bindings 3.4.3, 3.5.3'),
  idp('IDP-IDPI-01', 'idp-initiated', 'MUST', 'IdP-initiated login delivers an unsolicited Response the SP accepts', 'SAML profiles 4.1.5'),
];
