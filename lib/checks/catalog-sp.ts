import {
  cve,
  cwe,
  nist800131a,
  note,
  owaspXxe,
  rfc,
  saml2int,
  samlBindings,
  samlCore,
  samlMetadata,
  samlProfiles,
  seed,
  xml,
  xmldsig,
  xmlenc,
  xswPaper,
} from './spec-refs.ts';
import type { CheckSpec } from './types.ts';

/** Checks that judge a target playing the SP, observed by the IdP simulator and the browser. */
export const SP_CHECKS = {
  'SP-MD-01': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'SP metadata is SAML 2.0 metadata with an SPSSODescriptor for the SAML 2.0 protocol and an HTTP-POST AssertionConsumerService; signed metadata verifies with its own signing certificate',
    refs: [
      samlMetadata('2.4.1 (protocolSupportEnumeration), 2.4.4, 3.1 (signed metadata)'),
      seed('Control Hub "Download Metadata File"'),
    ],
  },
  'SP-MD-02': {
    flow: 'metadata',
    level: 'SHOULD',
    title: 'SP metadata carries a signing certificate that is valid today',
    refs: [samlMetadata('2.4.1.1'), seed('"SP certificate renewal"')],
  },
  'SP-META-TRUST': {
    flow: 'metadata',
    level: 'MUST',
    title:
      'In its mode that requires signed IdP metadata, the SP accepts metadata signed by a certificate of its trust anchor and refuses unsigned, tampered-after-signing, self-signed and other-CA-signed metadata',
    refs: [
      seed(
        '"Renew IdP certificate", step 6: "Choose Less secure (self-signed) or More secure (signed by a public CA), depending on how your IdP metadata is signed"; "Customer IdP provides a signature in the metadata that is signed by a Public Root CA."',
      ),
      samlMetadata(
        '3 (signature processing: "Metadata integrity", "Authentication of the metadata by a trusted signer"), 3.1 (an enveloped signature over the signed element)',
      ),
      saml2int(
        'metadata and trust management: metadata is trusted as its signature verifies with a key the deployment trusts',
      ),
      xmldsig('3.2 (core validation: a changed signed element fails its Reference digest)'),
      rfc(5280, '6.1', '(path validation: the signer chains to a trust anchor, each certificate valid)'),
    ],
    appliesIf: 'metadataTrust',
  },
  'SP-AUTHN-01': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'AuthnRequest has ID, Version="2.0", IssueInstant and an Issuer equal to the SP entityID',
    refs: [samlCore('3.2.1, 3.4.1'), samlProfiles('4.1.4.1')],
  },
  'SP-AUTHN-02': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'AuthnRequest Destination is the IdP SSO endpoint it was sent to',
    refs: [samlBindings('3.4.5.2, 3.5.5.2')],
  },
  'SP-AUTHN-03': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'AssertionConsumerServiceURL, when present, is an ACS published in the SP metadata',
    refs: [samlProfiles('4.1.4.1')],
  },
  'SP-AUTHN-04': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'AuthnRequest is signed and verifies when the SP metadata declares AuthnRequestsSigned',
    refs: [samlMetadata('2.4.4'), samlBindings('3.4.4.1, 3.5.4')],
  },
  'SP-AUTHN-05': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'AuthnRequest arrives over the binding the target declares for this login',
    refs: [samlBindings('3.4, 3.5')],
  },
  'SP-SSO-01': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'A valid Response to the SP-initiated request signs the user in as the asserted identity',
    refs: [samlProfiles('4.1.4.3'), seed('Control Hub "Test SSO"')],
  },
  'SP-SSO-02': {
    flow: 'sp-initiated',
    level: 'MUST',
    title: 'RelayState sent with the request comes back unchanged and the SP honours it',
    refs: [samlBindings('3.4.3, 3.5.3')],
    needsSignIn: true,
  },
  'SP-SSO-03': {
    flow: 'sp-initiated',
    level: 'SHOULD',
    title: 'The application is given the asserted NameID and every asserted attribute with all its values',
    refs: [
      samlCore('2.7.3.1 (AttributeValue may repeat)'),
      seed('Control Hub SSO and JIT attribute mapping'),
    ],
    needsSignIn: true,
  },
  'SP-ENC-01': {
    flow: 'sp-initiated',
    level: 'MUST',
    title:
      "An assertion encrypted to the encryption certificate of the SP's metadata (RSA-OAEP, AES-CBC and AES-GCM) signs the user in, with the Response signature over the ciphertext where the scenario signs the Response",
    refs: [samlCore('2.3.4 (EncryptedAssertion), 6.2'), xmlenc('5.2.2, 5.2.4, 5.5.2')],
    needsSignIn: true,
    appliesIf: 'encryptedAssertions',
  },
  'SP-JIT-01': {
    flow: 'jit',
    level: 'MUST',
    title:
      'A user the SP has never seen is created at their first sign-in, with the asserted email, first name and last name',
    refs: [
      seed(
        '"Modify SAML JIT mapping", step 6 ("Create or activate user") and Table 3 (name.givenName, name.familyName)',
      ),
    ],
    needsSignIn: true,
    appliesIf: 'jitCreate',
  },
  'SP-JIT-02': {
    flow: 'jit',
    level: 'MUST',
    title: "A known user's stored first and last name follow the asserted ones at their next sign-in",
    refs: [seed('"Modify SAML JIT mapping", step 6 ("Update user with SAML attributes")')],
    needsSignIn: true,
    appliesIf: 'jitUpdate',
  },
  'SP-JIT-03': {
    flow: 'jit',
    level: 'MUST',
    title:
      "A user's stored groups follow the asserted ones as the profile declares: additive (a group once asserted stays) or replace",
    refs: [
      seed(
        '"Modify SAML JIT mapping", Table 5 (groupId): "considered as an additive change", "does not support the removal of users from groups"',
      ),
    ],
    needsSignIn: true,
    appliesIf: 'jitGroups',
  },
  'SP-IDPI-01': {
    flow: 'idp-initiated',
    level: 'MUST',
    title: 'An unsolicited signed Response (IdP-initiated) signs the user in',
    refs: [samlProfiles('4.1.5'), seed('Control Hub IdP-initiated SSO')],
    needsSignIn: true,
  },
  'SP-SLO-01': {
    flow: 'slo',
    level: 'MUST',
    title:
      "SP-initiated logout sends the IdP's SingleLogoutService a LogoutRequest whose Issuer is the SP entityID, whose Destination is that endpoint, and which names the NameID (value, Format, qualifiers) and SessionIndex of this browser's login",
    refs: [
      samlProfiles(
        '4.4.4.1 (Issuer; a NameID that strongly matches the assertion, core 3.3.4; SessionIndex from a session participant)',
      ),
      samlCore('3.7.1'),
      samlBindings('3.4.5.2, 3.5.5.2 (Destination)'),
    ],
    needsSignIn: true,
  },
  'SP-SLO-02': {
    flow: 'slo',
    level: 'MUST',
    title:
      "The SP-initiated LogoutRequest is signed (HTTP-Redirect query signature, or enveloped for HTTP-POST) and verifies with the SP metadata's key",
    refs: [
      samlProfiles('4.4.4.1 (signed or otherwise authenticated and integrity protected by the binding)'),
      samlBindings('3.4.4.1, 3.5.4'),
    ],
    needsSignIn: true,
  },
  'SP-SLO-03': {
    flow: 'slo',
    level: 'MUST',
    title:
      "After the IdP's signed Success LogoutResponse the SP session is over, and the browser reaches the profile's logout success page when it declares one",
    refs: [
      samlCore('3.7 (single logout terminates the sessions near-simultaneously), profiles 4.4.3.5'),
      seed(
        'Control Hub "Single Log Out (SLO) ... user tokens are invalidated at both, the Identity Provider (IdP) and the Service Provider (SP)"',
      ),
    ],
    needsSignIn: true,
  },
  'SP-SLO-04': {
    flow: 'slo',
    level: 'MUST',
    title:
      "A LogoutRequest signed by the IdP, naming the signed-in user's NameID and SessionIndex, ends that session at the SP, also while the same user is signed in from other browsers",
    refs: [
      samlCore('3.7.3.1 (the session participant MUST invalidate the sessions the request names)'),
      samlProfiles('4.4.3.3'),
    ],
    needsSignIn: true,
  },
  'SP-SLO-05': {
    flow: 'slo',
    level: 'MUST',
    title:
      "The SP answers an IdP's LogoutRequest with a signed LogoutResponse to the IdP's SingleLogoutService: InResponseTo the request's ID, Issuer the SP entityID, Destination that endpoint, top-level status Success",
    refs: [
      samlProfiles('4.4.3.4, 4.4.4.2 (Issuer; signed or otherwise authenticated by the binding)'),
      samlCore('3.2.2 (InResponseTo), 3.7.3.1 (the session participant answers with its status)'),
      samlBindings('3.4.5.2, 3.5.5.2 (Destination)'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-UNSIGNED': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response whose assertion carries no signature is rejected',
    refs: [samlProfiles('4.1.3.5'), saml2int(), seed('"SAML assertion must be signed"')],
    needsSignIn: true,
  },
  'SP-SEC-UNTRUSTED-KEY': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response signed by a key absent from the IdP metadata is rejected',
    refs: [samlCore('5.4'), samlMetadata('2.4.1.1')],
    needsSignIn: true,
  },
  'SP-SEC-AUDIENCE': {
    flow: 'security',
    level: 'MUST',
    title: 'An assertion whose AudienceRestriction names another SP is rejected',
    refs: [samlCore('2.5.1.4')],
    needsSignIn: true,
  },
  'SP-SEC-EXPIRED': {
    flow: 'security',
    level: 'MUST',
    title: 'An assertion whose Conditions NotOnOrAfter passed just beyond the allowed clock skew is rejected',
    refs: [samlCore('2.5.1.2')],
    needsSignIn: true,
  },
  'SP-SEC-NOTBEFORE': {
    flow: 'security',
    level: 'MUST',
    title:
      'An assertion whose Conditions NotBefore lies just beyond the allowed clock skew in the future is rejected',
    refs: [samlCore('2.5.1.2')],
    needsSignIn: true,
  },
  'SP-SEC-REPLAY': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response already accepted once is rejected when presented again',
    refs: [samlProfiles('4.1.4.5')],
    needsSignIn: true,
  },
  'SP-SEC-INRESPONSETO': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response whose InResponseTo matches no request this SP issued is rejected',
    refs: [samlProfiles('4.1.4.3')],
    needsSignIn: true,
  },
  'SP-SEC-DESTINATION': {
    flow: 'security',
    level: 'MUST',
    title: 'A signed Response whose Destination is another endpoint is rejected',
    refs: [samlBindings('3.5.5.2')],
    needsSignIn: true,
  },
  'SP-SEC-RECIPIENT': {
    flow: 'security',
    level: 'MUST',
    title: 'An assertion whose SubjectConfirmationData Recipient is another ACS is rejected',
    refs: [samlProfiles('4.1.4.3')],
    needsSignIn: true,
  },
  'SP-SEC-ISSUER': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response whose Issuer is not the configured IdP is rejected',
    refs: [samlProfiles('4.1.4.2, 4.1.4.3')],
    needsSignIn: true,
  },
  'SP-SEC-XSW1': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW1 (the signed Response moved inside its own signature, a forged Response around it) never signs in the forged identity',
    refs: [xswPaper('(XSW1, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW2': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW2 (the signed Response copied before its detached signature, a forged Response around it) never signs in the forged identity',
    refs: [xswPaper('(XSW2, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW3': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW3 (a forged assertion inserted before the signed assertion) never signs in the forged identity',
    refs: [xswPaper('(XSW3, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW4': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW4 (a forged assertion wrapping the signed assertion) never signs in the forged identity',
    refs: [xswPaper('(XSW4, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW5': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW5 (a forged assertion keeping the signature, the signed content copied to the end) never signs in the forged identity',
    refs: [xswPaper('(XSW5, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW6': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW6 (a forged assertion keeping the signature, which encloses the signed content) never signs in the forged identity',
    refs: [xswPaper('(XSW6, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW7': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW7 (a forged assertion in samlp:Extensions before the signed assertion) never signs in the forged identity',
    refs: [xswPaper('(XSW7, as SAML Raider applies it)'), samlCore('3.2.1 (Extensions), 3.3.3')],
    needsSignIn: true,
  },
  'SP-SEC-XSW8': {
    flow: 'security',
    level: 'MUST',
    title:
      'Signature wrapping XSW8 (a forged assertion keeping the signature, whose ds:Object holds the signed content) never signs in the forged identity',
    refs: [xswPaper('(XSW8, as SAML Raider applies it)'), samlProfiles('4.1.3.5')],
    needsSignIn: true,
  },
  'SP-SEC-XSW-APPENDED': {
    flow: 'security',
    level: 'MUST',
    title:
      'An unsigned forged assertion appended after the signed assertion never signs in the forged identity',
    refs: [xswPaper(), samlProfiles('4.1.3.5, 4.1.4.2')],
    needsSignIn: true,
  },
  'SP-SEC-MIXED-ASSERTIONS': {
    flow: 'security',
    level: 'SHOULD',
    title:
      'A Response carrying an assertion no signature covers is refused whole, not accepted on its signed assertion',
    refs: [
      samlProfiles('4.1.4.5 (every assertion delivered by HTTP-POST is signed)'),
      note(
        'the clause binds the IdP and says nothing of what an SP does with a Response that breaks it; an SP that discards the unsigned assertion and signs in from the signed one lets no forged content take effect, hence SHOULD',
      ),
    ],
    needsSignIn: true,
  },
  'SP-SEC-NAMEID-COMMENT': {
    flow: 'security',
    level: 'MUST',
    title:
      'A comment inside a signed NameID does not truncate it: the SP never signs in the identity before the comment',
    refs: [
      cve(
        'CVE-2017-11427',
        'and related (Duo Security, "Duo Finds SAML Vulnerabilities Affecting Multiple Implementations", 2018)',
      ),
      note(
        'exclusive c14n omits comments, XPath string-value joins text nodes; required as a known vulnerability class, not by a SAML clause',
      ),
    ],
    needsSignIn: true,
  },
  'SP-SEC-SIG-STRIPPED': {
    flow: 'security',
    level: 'MUST',
    title: 'A signed Response with every ds:Signature removed is rejected',
    refs: [samlProfiles('4.1.3.5'), xswPaper('(signature exclusion)')],
    needsSignIn: true,
  },
  'SP-SEC-SIG-EMPTY': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response whose signatures are present but whose SignatureValue is empty is rejected',
    refs: [xmldsig('3.2 (core validation: SignatureValue must verify over SignedInfo)')],
    needsSignIn: true,
  },
  'SP-SEC-KEYINFO-CERT': {
    flow: 'security',
    level: 'MUST',
    title: "A Response re-signed with an attacker's key, its certificate in KeyInfo, is rejected",
    refs: [
      cve('CVE-2024-32962', '(xml-crypto trusted the KeyInfo certificate)'),
      samlMetadata('2.4.1.1 (the key comes from the IdP metadata)'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-SAME-SUBJECT-CERT': {
    flow: 'security',
    level: 'MUST',
    title:
      "A Response re-signed with an attacker's key under a certificate copying the IdP certificate's subject, issuer and serial number is rejected",
    refs: [
      samlMetadata('2.4.1.1 (trust is the key in the metadata, not a name)'),
      note('certificate cloning as in SAML Raider'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-DIGEST-COMMENT': {
    flow: 'security',
    level: 'MUST',
    title: 'Changed claims whose matching digest hides in a comment inside DigestValue are rejected',
    refs: [
      cve('CVE-2025-29775', '(xml-crypto read DigestValue from a comment)'),
      xmldsig('4.4.3.3 (DigestValue is the text content)'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-TWO-REFERENCES': {
    flow: 'security',
    level: 'MUST',
    title:
      'A signature whose SignedInfo holds a second Reference, to a forged assertion, never signs in the forged identity',
    refs: [samlCore('5.4.2 (exactly one Reference, to the signed element)')],
    needsSignIn: true,
  },
  'SP-SEC-SHA1': {
    flow: 'security',
    level: 'MUST',
    title: 'A Response re-signed by the IdP key with rsa-sha1 and sha1 digests is rejected',
    refs: [saml2int('SHA-256'), nist800131a(), seed('"SHA256 signing"')],
    needsSignIn: true,
  },
  'SP-SEC-CROSS-SESSION': {
    flow: 'security',
    level: 'SHOULD',
    title: 'A Response answering an AuthnRequest of one browser session is rejected in another session',
    refs: [
      cwe('352', '(login CSRF: a Response obtained in one browser signs another browser in)'),
      samlProfiles('4.1.4.3 (InResponseTo names a request the SP sent; it does not say from which browser)'),
      note('binding the request to the browser session is hardening no SAML MUST requires, hence SHOULD'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-UNSOLICITED-DISABLED': {
    flow: 'security',
    level: 'MUST',
    title: 'An unsolicited Response is rejected by an SP that declares no IdP-initiated SSO',
    refs: [samlProfiles('4.1.5 (unsolicited Responses only where the SP accepts them)')],
    appliesIf: 'noIdpInitiated',
  },
  'SP-SEC-SCD-EXPIRED': {
    flow: 'security',
    level: 'MUST',
    title:
      'An assertion whose bearer SubjectConfirmationData NotOnOrAfter passed just beyond the allowed clock skew is rejected',
    refs: [samlProfiles('4.1.4.2, 4.1.4.3'), samlCore('2.4.1.2')],
    needsSignIn: true,
  },
  'SP-SEC-XXE': {
    flow: 'security',
    level: 'MUST',
    title:
      'A Response with a DOCTYPE naming external entities and an external DTD makes the SP fetch nothing',
    refs: [
      cwe('611', '(XML External Entity reference)'),
      owaspXxe(),
      note('required as a known vulnerability class, not by a SAML clause'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-ENTITY-EXPANSION': {
    flow: 'security',
    level: 'MUST',
    title:
      'A Response whose NameID is built from nested entities declared in a DOCTYPE is rejected (no entity expansion)',
    refs: [
      cwe('776', '(billion laughs)'),
      cve('CVE-2003-1564'),
      note('required as a known vulnerability class, not by a SAML clause'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-TWO-ROOTS': {
    flow: 'security',
    level: 'MUST',
    title: 'A message with a second root element after the genuine Response is rejected',
    refs: [xml('2.1 (one root element) and 1.2 (a well-formedness error is fatal)')],
    needsSignIn: true,
  },
  'SP-SEC-COMPRESSION-BOMB': {
    flow: 'security',
    level: 'MUST',
    title:
      'An HTTP-Redirect message that inflates to megabytes of elements is refused without the SP spending time on it',
    refs: [
      cwe('409', '(data amplification)'),
      cve('CVE-2025-25293', '(ruby-saml, compressed messages)'),
      samlBindings('3.4.4.1'),
      note(
        'SAML bindings 3.4.4.1 defines the DEFLATE encoding but bounds nothing: required as a known vulnerability class, not by a SAML clause',
      ),
    ],
    needsSignIn: true,
  },
  'SP-SEC-OVERSIZED': {
    flow: 'security',
    level: 'SHOULD',
    title: 'A validly signed Response padded to 10 MiB is refused',
    refs: [
      cwe('770', '(allocation without limits)'),
      note('no SAML clause bounds a message, hence SHOULD: a vulnerability class'),
    ],
    needsSignIn: true,
  },
  'SP-SEC-OPEN-REDIRECT': {
    flow: 'security',
    level: 'MUST',
    title: 'After sign-in the SP does not send the browser to a foreign or script URL given as RelayState',
    refs: [
      cwe('601', '(open redirect)'),
      samlBindings('3.4.3, 3.5.3 (RelayState is state, not a trusted URL)'),
      note(
        'no SAML clause names where an SP may send the browser: required as a known vulnerability class, not by a SAML clause',
      ),
    ],
    needsSignIn: true,
  },
  'SP-SEC-SLO-UNSIGNED': {
    flow: 'security',
    level: 'MUST',
    title: 'An unsigned LogoutRequest naming the signed-in user does not end the session',
    refs: [samlProfiles('4.4.4.1 (the requester authenticates the LogoutRequest, e.g. by signing it)')],
    needsSignIn: true,
  },
  'SP-SEC-SLO-OTHER-USER': {
    flow: 'security',
    level: 'MUST',
    title: "A signed LogoutRequest naming another user does not end this browser's session",
    refs: [
      samlCore(
        '3.7.3.1 (the session participant invalidates the sessions of the principal the request names)',
      ),
    ],
    needsSignIn: true,
  },
  'SP-ROLL-01': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'With IdP metadata listing the current and the next signing certificate (a key rollover under way), a Response signed with the current key is accepted',
    refs: [
      samlMetadata('2.4.1.1 (a role descriptor holds one or more KeyDescriptor elements; use="signing")'),
      saml2int('metadata and trust management: several signing keys in IdP metadata during a key rollover'),
      seed('"Renew IdP certificate" (upload the IdP metadata with the new certificate)'),
    ],
    needsSignIn: true,
    appliesIf: 'metadataRefresh',
  },
  'SP-ROLL-02': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'A Response signed with the next key, published in the IdP metadata but not used before, is accepted: every signing KeyDescriptor is honoured, not only the first',
    refs: [
      samlMetadata(
        '2.4.1.1 (every KeyDescriptor with use="signing" or no use names a signing key of the entity)',
      ),
      saml2int(
        'metadata and trust management: an SP accepts a signature by any signing key in the IdP metadata',
      ),
      seed('"Renew IdP certificate"'),
    ],
    needsSignIn: true,
    appliesIf: 'metadataRefresh',
  },
  'SP-ROLL-03': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'Once the IdP metadata lists the new key only and the target has taken it (its metadataRefresh), a Response signed with the retired key is refused',
    refs: [
      samlMetadata(
        '2.4.1.1 (the keys of an entity are those its metadata lists), 2.3.2 (validUntil, cacheDuration)',
      ),
      samlCore('5.4 (a signature by a key the relying party does not trust for the issuer is not valid)'),
      seed('"Renew IdP certificate" (uploading new IdP metadata replaces the IdP certificate)'),
    ],
    needsSignIn: true,
    appliesIf: 'metadataRefresh',
  },
  'SP-ROLL-04': {
    flow: 'rollover',
    level: 'MUST',
    title:
      "While the SP's metadata publishes a next encryption certificate beside the current one (its own key rollover), an assertion encrypted to either signs the user in",
    refs: [
      samlMetadata(
        '2.4.1.1 (KeyDescriptor use="encryption": a key the entity decrypts with; one or more per role descriptor)',
      ),
      saml2int(
        'metadata and trust management: key rollover by publishing the new key in metadata ahead of use',
      ),
      seed('"Renew SP certificate" (both certificates work until "Finish renewal")'),
      samlCore('2.3.4 (EncryptedAssertion)'),
    ],
    needsSignIn: true,
    appliesIf: 'keyRollover',
  },
  'SP-ROLL-05': {
    flow: 'rollover',
    level: 'MUST',
    title:
      "After the SP switches to its new encryption key and retires the old one, an IdP that re-reads the SP's metadata encrypts to the new certificate, and every encryption certificate the metadata still lists signs the user in",
    refs: [
      samlMetadata('2.4.1.1 (KeyDescriptor use="encryption" names the keys a peer may encrypt to)'),
      saml2int('metadata and trust management: a retired key leaves the metadata'),
      seed('"Renew SP certificate", "Finish renewal" (the old certificate is retired)'),
    ],
    needsSignIn: true,
    appliesIf: 'keyRollover',
  },
  'SP-ROLL-06': {
    flow: 'rollover',
    level: 'MUST',
    title:
      'After the SP switches to its new key (keyRollover switch), its signed AuthnRequests are signed with the new signing certificate its metadata published during the rollover, not the old one',
    refs: [
      samlMetadata(
        '2.4.1.1 (KeyDescriptor use="signing": the keys the entity signs with, which a peer verifies against)',
      ),
      samlBindings("3.4.4.1, 3.5.4 (the recipient verifies a signed request with the sender's key)"),
      seed(
        '"Renew SP certificate": "Select Successfully updated all the IdPs and click Next." "This uploads the SP metadata file or certificate to all IdPs in your organization." (every IdP then holds the new certificate, so the SP signs with its new key from then on)',
      ),
    ],
    appliesIf: 'keyRollover',
  },
  'SP-SEC-FORGED-ATTRIBUTES': {
    flow: 'security',
    level: 'MUST',
    title:
      'An unsigned assertion with the genuine subject and forged attribute values, beside the signed assertion, never hands the application the forged values',
    refs: [
      xswPaper('(the wrapping forms, with the subject kept and the claims forged)'),
      samlProfiles('4.1.3.5, 4.1.4.5 (every assertion delivered by HTTP-POST is signed)'),
      note(
        "judged on the profile's login.echo page: the subject is genuine, so only what the application was handed shows whether the forged content took effect",
      ),
    ],
    needsSignIn: true,
    appliesIf: 'claimsEcho',
  },
  'SP-ROUTE-DOMAIN': {
    flow: 'routing',
    level: 'MUST',
    title:
      "An address of each routed domain (its domain in any letter case) is sent to the domain rule's IdP, and the sign-in there completes",
    refs: [
      seed(
        '"Routing rules tab": "Routing rules enable Webex to identify which IdP to send your users to when you have configured multiple IdPs"; a rule\'s type is domain, "If these are your domains/groups—Enter the domains/groups within your organization", "Then use this identity provider—Select the IdP"',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-DEFAULT': {
    flow: 'routing',
    level: 'MUST',
    title:
      'An address that no rule matches is sent to the IdP of the Default rule, and the sign-in there completes (where the run can sign in there)',
    refs: [
      seed(
        '"Routing rules tab": "When configuring your first IdP, the routing rule is automatically added and is set as the Default rule"',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-PRIORITY': {
    flow: 'routing',
    level: 'MUST',
    title:
      'Of two active rules that both match an address, the one of higher priority decides, and reordering them changes the IdP',
    refs: [
      seed(
        '"Routing rules tab": "You can change the routing rule priority order if you have routing rules for multiple IdPs"',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-INACTIVE': {
    flow: 'routing',
    level: 'MUST',
    title: 'A deactivated rule routes no one: its addresses do not reach its IdP',
    refs: [
      seed(
        '"Routing rules tab": "Select the new routing rule and click Activate" and "Choose if you want to Deactivate or Delete the routing rule"',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-UNROUTED-IDP': {
    flow: 'routing',
    level: 'MUST',
    title: 'An IdP the organisation holds without a routing rule is offered to no one',
    refs: [
      seed(
        '"Routing rules tab": "If you skip the routing rule step, then Control Hub adds the IdP but doesn\'t activate the IdP. You must add a routing rule to activate the IdP."',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-GROUP': {
    flow: 'routing',
    level: 'MUST',
    title: "A known user whose stored groups match a group rule is sent to that rule's IdP",
    refs: [seed('"Routing rules tab": "Select a routing type—Select domain or group"')],
    appliesIf: 'routing',
  },
  'SP-ROUTE-DEFAULT-CHANGE': {
    flow: 'routing',
    level: 'MUST',
    title: "Changing the Default rule's IdP sends unmatched addresses to the new IdP",
    refs: [
      seed(
        '"Routing rules tab": "The Default rule can\'t be deactivated or deleted, but you can modify the routed IdP"',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-RESPONSE-IDP': {
    flow: 'routing',
    level: 'MUST',
    title:
      'A Response from a trusted IdP other than the one the login was routed to does not sign the user in',
    refs: [
      seed('"Routing rules tab": "Routing rules enable Webex to identify which IdP to send your users to"'),
      samlProfiles(
        '4.1.4.3 (the Response answers the AuthnRequest: InResponseTo, and the Issuer the request was sent to)',
      ),
    ],
    appliesIf: 'routing',
  },
  'SP-ROUTE-TEST-SSO': {
    flow: 'routing',
    level: 'MUST',
    title:
      '"Test SSO setup" against an IdP without a rule reports the result and changes nothing: that IdP is still offered to no one',
    refs: [
      seed(
        '"Test SSO setup": "Test the SSO connection before you enable it. This step works like a dry run and doesn\'t affect your organization settings until you enable SSO in the next step."',
      ),
    ],
    appliesIf: 'routing',
  },
} as const satisfies Record<string, CheckSpec>;
