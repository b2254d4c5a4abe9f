import type { CheckDef } from './types.ts';

const sp = (id: string, flow: string, level: CheckDef['level'], title: string, spec: string): CheckDef => ({
  id,
  flow,
  level,
  title,
  spec,
  role: 'sp',
});

/** Checks that judge a target playing the SP, observed by the IdP simulator and the browser. */
export const SP_CHECKS: CheckDef[] = [
  sp('SP-MD-01', 'metadata', 'MUST', 'SP metadata is SAML 2.0 metadata with an SPSSODescriptor and an HTTP-POST AssertionConsumerService', 'SAML metadata 2.4.4; seed: Control Hub "Download Metadata File"'),
  sp('SP-MD-02', 'metadata', 'SHOULD', 'SP metadata carries a signing certificate that is valid today', 'SAML metadata 2.4.1.1; seed: "SP certificate renewal"'),
  sp('SP-AUTHN-01', 'sp-initiated', 'MUST', 'AuthnRequest has ID, Version="2.0", IssueInstant and an Issuer equal to the SP entityID', 'SAML core 3.2.1, 3.4.1; profiles 4.1.4.1'),
  sp('SP-AUTHN-02', 'sp-initiated', 'MUST', 'AuthnRequest Destination is the IdP SSO endpoint it was sent to', 'SAML bindings 3.4.5.2, 3.5.5.2'),
  sp('SP-AUTHN-03', 'sp-initiated', 'MUST', 'AssertionConsumerServiceURL, when present, is an ACS published in the SP metadata', 'SAML profiles 4.1.4.1'),
  sp('SP-AUTHN-04', 'sp-initiated', 'MUST', 'AuthnRequest is signed and verifies when the SP metadata declares AuthnRequestsSigned', 'SAML metadata 2.4.4; bindings 3.4.4.1, 3.5.4'),
  sp('SP-AUTHN-05', 'sp-initiated', 'MUST', 'AuthnRequest arrives over the binding the target declares for this login', 'SAML bindings 3.4, 3.5'),
  sp('SP-SSO-01', 'sp-initiated', 'MUST', 'A valid Response to the SP-initiated request signs the user in as the asserted identity', 'SAML profiles 4.1.4.3; seed: Control Hub "Test SSO"'),
  sp('SP-SSO-02', 'sp-initiated', 'MUST', 'RelayState sent with the request comes back unchanged and the SP honours it', 'SAML bindings 3.4.3, 3.5.3'),
  sp('SP-IDPI-01', 'idp-initiated', 'MUST', 'An unsolicited signed Response (IdP-initiated) signs the user in', 'SAML profiles 4.1.5; seed: Control Hub IdP-initiated SSO'),
  sp('SP-SEC-UNSIGNED', 'security', 'MUST', 'A Response whose assertion carries no signature is rejected', 'SAML profiles 4.1.3.5; saml2int; seed: "SAML assertion must be signed"'),
  sp('SP-SEC-UNTRUSTED-KEY', 'security', 'MUST', 'A Response signed by a key absent from the IdP metadata is rejected', 'SAML core 5.4; metadata 2.4.1.1'),
  sp('SP-SEC-AUDIENCE', 'security', 'MUST', 'An assertion whose AudienceRestriction names another SP is rejected', 'SAML core 2.5.1.4'),
  sp('SP-SEC-EXPIRED', 'security', 'MUST', 'An assertion past NotOnOrAfter (beyond the allowed clock skew) is rejected', 'SAML core 2.5.1.2, 2.4.1.2'),
  sp('SP-SEC-NOTBEFORE', 'security', 'MUST', 'An assertion whose NotBefore lies in the future (beyond the allowed clock skew) is rejected', 'SAML core 2.5.1.2'),
  sp('SP-SEC-REPLAY', 'security', 'MUST', 'A Response already accepted once is rejected when presented again', 'SAML profiles 4.1.4.5'),
  sp('SP-SEC-INRESPONSETO', 'security', 'MUST', 'A Response whose InResponseTo matches no request this SP issued is rejected', 'SAML profiles 4.1.4.3'),
  sp('SP-SEC-DESTINATION', 'security', 'MUST', 'A signed Response whose Destination is another endpoint is rejected', 'SAML bindings 3.5.5.2'),
  sp('SP-SEC-RECIPIENT', 'security', 'MUST', 'An assertion whose SubjectConfirmationData Recipient is another ACS is rejected', 'SAML profiles 4.1.4.3'),
  sp('SP-SEC-ISSUER', 'security', 'MUST', 'A Response whose Issuer is not the configured IdP is rejected', 'SAML profiles 4.1.4.2, 4.1.4.3'),
];
