import type { CheckDef } from './types.ts';

const sp = (id: string, flow: string, level: CheckDef['level'], title: string, spec: string): CheckDef => ({
  id,
  flow,
  level,
  title,
  spec,
  role: 'sp',
});

/*
 * XML Signature Wrapping in SAML Raider's eight forms and the appended assertion. In all but XSW7 the
 * Response delivers an assertion no signature covers, which SAML profiles 4.1.3.5 forbids for
 * HTTP-POST: signing anyone in, the forged user or the genuine one, fails the check. XSW7 hides the
 * forged assertion in samlp:Extensions, which a receiver may ignore (SAML core 3.2.1), so there only
 * the forged identity fails it.
 */
function xswChecks(): CheckDef[] {
  const paper = 'Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012';
  const forms: Array<[string, string]> = [
    ['XSW1', 'the signed Response moved inside its own signature, a forged Response around it'],
    ['XSW2', 'the signed Response copied before its detached signature, a forged Response around it'],
    ['XSW3', 'a forged assertion inserted before the signed assertion'],
    ['XSW4', 'a forged assertion wrapping the signed assertion'],
    ['XSW5', 'a forged assertion keeping the signature, the signed content copied to the end'],
    ['XSW6', 'a forged assertion keeping the signature, which encloses the signed content'],
    ['XSW7', 'a forged assertion in samlp:Extensions before the signed assertion'],
    ['XSW8', 'a forged assertion keeping the signature, whose ds:Object holds the signed content'],
  ];
  return [
    ...forms.map(([n, what]) =>
      n === 'XSW7'
        ? sp(
            `SP-SEC-${n}`,
            'security',
            'MUST',
            `Signature wrapping ${n} (${what}) never signs in the forged identity`,
            `${paper} (${n}, as SAML Raider applies it); SAML core 3.2.1 (Extensions), 3.3.3`,
          )
        : sp(
            `SP-SEC-${n}`,
            'security',
            'MUST',
            `Signature wrapping ${n} (${what}) is rejected`,
            `${paper} (${n}, as SAML Raider applies it); SAML profiles 4.1.3.5`,
          ),
    ),
    sp(
      'SP-SEC-XSW-APPENDED',
      'security',
      'MUST',
      'An unsigned forged assertion appended after the signed assertion is rejected',
      `${paper}; SAML profiles 4.1.3.5, 4.1.4.2`,
    ),
  ];
}

/** Checks that judge a target playing the SP, observed by the IdP simulator and the browser. */
export const SP_CHECKS: CheckDef[] = [
  sp(
    'SP-MD-01',
    'metadata',
    'MUST',
    'SP metadata is SAML 2.0 metadata with an SPSSODescriptor for the SAML 2.0 protocol and an HTTP-POST AssertionConsumerService; signed metadata verifies with its own signing certificate',
    'SAML metadata 2.4.1 (protocolSupportEnumeration), 2.4.4, 3.1 (signed metadata); seed: Control Hub "Download Metadata File"',
  ),
  sp(
    'SP-MD-02',
    'metadata',
    'SHOULD',
    'SP metadata carries a signing certificate that is valid today',
    'SAML metadata 2.4.1.1; seed: "SP certificate renewal"',
  ),
  sp(
    'SP-AUTHN-01',
    'sp-initiated',
    'MUST',
    'AuthnRequest has ID, Version="2.0", IssueInstant and an Issuer equal to the SP entityID',
    'SAML core 3.2.1, 3.4.1; profiles 4.1.4.1',
  ),
  sp(
    'SP-AUTHN-02',
    'sp-initiated',
    'MUST',
    'AuthnRequest Destination is the IdP SSO endpoint it was sent to',
    'SAML bindings 3.4.5.2, 3.5.5.2',
  ),
  sp(
    'SP-AUTHN-03',
    'sp-initiated',
    'MUST',
    'AssertionConsumerServiceURL, when present, is an ACS published in the SP metadata',
    'SAML profiles 4.1.4.1',
  ),
  sp(
    'SP-AUTHN-04',
    'sp-initiated',
    'MUST',
    'AuthnRequest is signed and verifies when the SP metadata declares AuthnRequestsSigned',
    'SAML metadata 2.4.4; bindings 3.4.4.1, 3.5.4',
  ),
  sp(
    'SP-AUTHN-05',
    'sp-initiated',
    'MUST',
    'AuthnRequest arrives over the binding the target declares for this login',
    'SAML bindings 3.4, 3.5',
  ),
  sp(
    'SP-SSO-01',
    'sp-initiated',
    'MUST',
    'A valid Response to the SP-initiated request signs the user in as the asserted identity',
    'SAML profiles 4.1.4.3; seed: Control Hub "Test SSO"',
  ),
  sp(
    'SP-SSO-02',
    'sp-initiated',
    'MUST',
    'RelayState sent with the request comes back unchanged and the SP honours it',
    'SAML bindings 3.4.3, 3.5.3',
  ),
  sp(
    'SP-IDPI-01',
    'idp-initiated',
    'MUST',
    'An unsolicited signed Response (IdP-initiated) signs the user in',
    'SAML profiles 4.1.5; seed: Control Hub IdP-initiated SSO',
  ),
  sp(
    'SP-SEC-UNSIGNED',
    'security',
    'MUST',
    'A Response whose assertion carries no signature is rejected',
    'SAML profiles 4.1.3.5; saml2int; seed: "SAML assertion must be signed"',
  ),
  sp(
    'SP-SEC-UNTRUSTED-KEY',
    'security',
    'MUST',
    'A Response signed by a key absent from the IdP metadata is rejected',
    'SAML core 5.4; metadata 2.4.1.1',
  ),
  sp(
    'SP-SEC-AUDIENCE',
    'security',
    'MUST',
    'An assertion whose AudienceRestriction names another SP is rejected',
    'SAML core 2.5.1.4',
  ),
  sp(
    'SP-SEC-EXPIRED',
    'security',
    'MUST',
    'An assertion whose Conditions NotOnOrAfter passed just beyond the allowed clock skew is rejected',
    'SAML core 2.5.1.2',
  ),
  sp(
    'SP-SEC-NOTBEFORE',
    'security',
    'MUST',
    'An assertion whose Conditions NotBefore lies just beyond the allowed clock skew in the future is rejected',
    'SAML core 2.5.1.2',
  ),
  sp(
    'SP-SEC-REPLAY',
    'security',
    'MUST',
    'A Response already accepted once is rejected when presented again',
    'SAML profiles 4.1.4.5',
  ),
  sp(
    'SP-SEC-INRESPONSETO',
    'security',
    'MUST',
    'A Response whose InResponseTo matches no request this SP issued is rejected',
    'SAML profiles 4.1.4.3',
  ),
  sp(
    'SP-SEC-DESTINATION',
    'security',
    'MUST',
    'A signed Response whose Destination is another endpoint is rejected',
    'SAML bindings 3.5.5.2',
  ),
  sp(
    'SP-SEC-RECIPIENT',
    'security',
    'MUST',
    'An assertion whose SubjectConfirmationData Recipient is another ACS is rejected',
    'SAML profiles 4.1.4.3',
  ),
  sp(
    'SP-SEC-ISSUER',
    'security',
    'MUST',
    'A Response whose Issuer is not the configured IdP is rejected',
    'SAML profiles 4.1.4.2, 4.1.4.3',
  ),
  ...xswChecks(),
  sp(
    'SP-SEC-NAMEID-COMMENT',
    'security',
    'MUST',
    'A comment inside a signed NameID does not truncate it: the SP never signs in the identity before the comment',
    'CVE-2017-11427 and related (Duo Security, "Duo Finds SAML Vulnerabilities Affecting Multiple Implementations", 2018); exclusive c14n omits comments, XPath string-value joins text nodes',
  ),
  sp(
    'SP-SEC-SIG-STRIPPED',
    'security',
    'MUST',
    'A signed Response with every ds:Signature removed is rejected',
    'SAML profiles 4.1.3.5; Somorovsky et al., USENIX Security 2012 (signature exclusion)',
  ),
  sp(
    'SP-SEC-SIG-EMPTY',
    'security',
    'MUST',
    'A Response whose signatures are present but whose SignatureValue is empty is rejected',
    'W3C XML Signature 1.1, 3.2 (core validation: SignatureValue must verify over SignedInfo)',
  ),
  sp(
    'SP-SEC-KEYINFO-CERT',
    'security',
    'MUST',
    "A Response re-signed with an attacker's key, its certificate in KeyInfo, is rejected",
    'CVE-2024-32962 (xml-crypto trusted the KeyInfo certificate); SAML metadata 2.4.1.1 (the key comes from the IdP metadata)',
  ),
  sp(
    'SP-SEC-SAME-SUBJECT-CERT',
    'security',
    'MUST',
    "A Response re-signed with an attacker's key under a certificate copying the IdP certificate's subject, issuer and serial number is rejected",
    'SAML metadata 2.4.1.1 (trust is the key in the metadata, not a name); certificate cloning as in SAML Raider',
  ),
  sp(
    'SP-SEC-DIGEST-COMMENT',
    'security',
    'MUST',
    'Changed claims whose matching digest hides in a comment inside DigestValue are rejected',
    'CVE-2025-29775 (xml-crypto read DigestValue from a comment); W3C XML Signature 1.1, 4.4.3.3 (DigestValue is the text content)',
  ),
  sp(
    'SP-SEC-TWO-REFERENCES',
    'security',
    'MUST',
    'A signature whose SignedInfo holds a second Reference, to a forged assertion, is rejected',
    'SAML core 5.4.2 (exactly one Reference, to the signed element)',
  ),
  sp(
    'SP-SEC-SHA1',
    'security',
    'MUST',
    'A Response re-signed by the IdP key with rsa-sha1 and sha1 digests is rejected',
    'SAML V2.0 Interoperability Deployment Profile (saml2int) 2.0, SHA-256; NIST SP 800-131A Rev. 2; seed: "SHA256 signing"',
  ),
  sp(
    'SP-SEC-CROSS-SESSION',
    'security',
    'MUST',
    'A Response answering an AuthnRequest of one browser session is rejected in another session',
    'SAML profiles 4.1.4.3 (InResponseTo names the request the SP sent, in that browser session)',
  ),
  sp(
    'SP-SEC-UNSOLICITED-DISABLED',
    'security',
    'MUST',
    'An unsolicited Response is rejected by an SP that declares no IdP-initiated SSO',
    'SAML profiles 4.1.5 (unsolicited Responses only where the SP accepts them)',
  ),
  sp(
    'SP-SEC-SCD-EXPIRED',
    'security',
    'MUST',
    'An assertion whose bearer SubjectConfirmationData NotOnOrAfter passed just beyond the allowed clock skew is rejected',
    'SAML profiles 4.1.4.2, 4.1.4.3; core 2.4.1.2',
  ),
  sp(
    'SP-SEC-XXE',
    'security',
    'MUST',
    'A Response with a DOCTYPE naming external entities and an external DTD makes the SP fetch nothing',
    'CWE-611 (XML External Entity reference); OWASP XXE Prevention Cheat Sheet',
  ),
  sp(
    'SP-SEC-ENTITY-EXPANSION',
    'security',
    'MUST',
    'A Response whose NameID is built from nested entities declared in a DOCTYPE is rejected (no entity expansion)',
    'CWE-776 (billion laughs); CVE-2003-1564',
  ),
  sp(
    'SP-SEC-TWO-ROOTS',
    'security',
    'MUST',
    'A message with a second root element after the genuine Response is rejected',
    'W3C XML 1.0, 2.1 (one root element) and 1.2 (a well-formedness error is fatal)',
  ),
  sp(
    'SP-SEC-COMPRESSION-BOMB',
    'security',
    'MUST',
    'An HTTP-Redirect message that inflates to megabytes of elements is refused without the SP spending time on it',
    'CWE-409 (data amplification); CVE-2025-25293 (ruby-saml, compressed messages); SAML bindings 3.4.4.1',
  ),
  sp(
    'SP-SEC-OVERSIZED',
    'security',
    'SHOULD',
    'A validly signed Response padded to 10 MiB is refused',
    'CWE-770 (allocation without limits); no SAML clause bounds a message, hence SHOULD',
  ),
  sp(
    'SP-SEC-OPEN-REDIRECT',
    'security',
    'MUST',
    'After sign-in the SP does not send the browser to a foreign or script URL given as RelayState',
    'CWE-601 (open redirect); SAML bindings 3.4.3, 3.5.3 (RelayState is state, not a trusted URL)',
  ),
  sp(
    'SP-SEC-SLO-UNSIGNED',
    'security',
    'MUST',
    'An unsigned LogoutRequest naming the signed-in user does not end the session',
    'SAML profiles 4.4.4.1 (the requester authenticates the LogoutRequest, e.g. by signing it)',
  ),
  sp(
    'SP-SEC-SLO-OTHER-USER',
    'security',
    'MUST',
    "A signed LogoutRequest naming another user does not end this browser's session",
    'SAML core 3.7.3.2 (the session authority ends the sessions of the principal the request names)',
  ),
];
