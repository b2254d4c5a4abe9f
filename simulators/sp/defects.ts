import { checkIds } from '../../lib/checks/catalog.ts';
import type { SeededDefect } from '../../lib/checks/seeded-defect.ts';
import { VALIDATION_DEFECTS } from '../../lib/saml/validate/types.ts';
import { isRpDefect, RP_DEFECTS } from '../rp/defects.ts';

export interface SpDefect extends SeededDefect {
  /** What the target profile must declare (and the SP be configured with) for the check to apply. */
  profile?: { idpInitiated: false };
  /** Where it acts: the Response validation pipeline or the SP's own behaviour. */
  layer: 'validation' | 'sp';
}

/** The single logout flow: each check ends a session the flow signed in first. */
const SLO_CHECKS = checkIds((c) => c.role === 'sp' && c.flow === 'slo');

/** Every check whose verdict needs the target to sign the genuine user in (the control, or the flow itself). */
const NEEDS_SIGN_IN = checkIds((c) => c.role === 'sp' && c.needsSignIn === true);

/**
 * Opt-in defects of the reference SP. Each must make its target check fail when a suite probes it,
 * and the clean SP must pass that check: the self-test matrix iterates over this list.
 */
export const SP_DEFECTS: readonly SpDefect[] = [
  {
    name: 'metadata-bad-signature',
    description: 'serves its metadata altered after it was signed, so the signature no longer verifies',
    check: 'SP-MD-01',
    layer: 'sp',
  },
  {
    name: 'metadata-unsigned-accepted',
    description:
      'accepts unsigned IdP metadata uploaded in "more secure" mode (also caught by test/unit/sp-certs-metadata-trust.test.ts)',
    check: 'SP-META-TRUST',
    layer: 'sp',
  },
  {
    name: 'expired-sp-cert',
    description:
      'publishes and signs with a certificate whose notAfter lies in the past (its own key, kept apart from the valid one)',
    check: 'SP-MD-02',
    layer: 'sp',
  },
  {
    name: 'post-as-redirect',
    description: 'sends the AuthnRequest by HTTP-Redirect even when asked for HTTP-POST',
    check: 'SP-AUTHN-05',
    layer: 'sp',
  },
  {
    name: 'wrong-user',
    description:
      'looks the user up with a predicate that matches everyone, so every sign-in lands on the first directory user: the organization administrator',
    check: 'SP-SSO-01',
    alsoFails: {
      checks: NEEDS_SIGN_IN,
      as: 'unjudgeable',
      why: 'a target that never signs the asserted user in leaves every verdict that needs a working sign-in inconclusive',
    },
    layer: 'sp',
  },
  {
    name: 'attributes-first-value-only',
    description:
      'hands the application only the first value of each attribute, losing every further group of a multi-valued Group claim',
    check: 'SP-SSO-03',
    layer: 'sp',
  },
  {
    name: 'jit-drops-names',
    description:
      'creates a user it has never seen from the uid alone, dropping the asserted first and last name (later sign-ins update them)',
    check: 'SP-JIT-01',
    layer: 'sp',
  },
  {
    name: 'jit-no-update',
    description: 'finds a known user at sign-in but never updates what it stored when it created them',
    check: 'SP-JIT-02',
    alsoFails: {
      checks: ['SP-JIT-03'],
      as: 'same-weakness',
      why: 'a group asserted at a later sign-in is an update too, and it is never stored',
    },
    layer: 'sp',
  },
  {
    name: 'groups-replaced',
    description:
      "replaces a known user's groups with the asserted ones at sign-in, where JIT only ever adds groups",
    check: 'SP-JIT-03',
    layer: 'sp',
  },
  {
    name: 'ignore-encrypted-assertion',
    description:
      'publishes an encryption certificate but never decrypts: an EncryptedAssertion leaves the Response without an assertion',
    check: 'SP-ENC-01',
    layer: 'sp',
  },
  {
    name: 'accept-unsigned',
    description: 'accepts a Response whose assertion carries no signature, reading claims from the document',
    check: 'SP-SEC-UNSIGNED',
    alsoFails: {
      checks: ['SP-SEC-SIG-STRIPPED'],
      as: 'same-weakness',
      why: 'a Response with its signatures stripped is an unsigned Response: nothing tells them apart',
    },
    layer: 'validation',
  },
  {
    name: 'trust-keyinfo',
    description:
      'verifies signatures with the certificate in the message KeyInfo instead of the IdP metadata',
    check: 'SP-SEC-UNTRUSTED-KEY',
    alsoFails: {
      checks: ['SP-SEC-KEYINFO-CERT', 'SP-SEC-SAME-SUBJECT-CERT'],
      as: 'same-weakness',
      why: 'each of these signs with a key only KeyInfo names',
    },
    layer: 'validation',
  },
  {
    name: 'trust-issuer-serial',
    description:
      'trusts a KeyInfo certificate whose issuer and serial number match an IdP metadata certificate, without comparing the key',
    check: 'SP-SEC-SAME-SUBJECT-CERT',
    layer: 'validation',
  },
  {
    name: 'skip-audience',
    description: 'ignores the AudienceRestriction',
    check: 'SP-SEC-AUDIENCE',
    layer: 'validation',
  },
  {
    name: 'accept-expired',
    description: 'ignores the Conditions NotOnOrAfter',
    check: 'SP-SEC-EXPIRED',
    layer: 'validation',
  },
  {
    name: 'skip-scd-expiry',
    description: 'ignores the NotOnOrAfter of the bearer SubjectConfirmationData',
    check: 'SP-SEC-SCD-EXPIRED',
    layer: 'validation',
  },
  {
    name: 'skip-notbefore',
    description: 'ignores NotBefore',
    check: 'SP-SEC-NOTBEFORE',
    layer: 'validation',
  },
  {
    name: 'no-replay-cache',
    description:
      'remembers no used assertion IDs and does not consume answered AuthnRequest IDs, so a Response can be replayed',
    check: 'SP-SEC-REPLAY',
    layer: 'validation',
  },
  {
    name: 'skip-inresponseto',
    description: 'accepts any InResponseTo, even one naming no request this SP sent',
    check: 'SP-SEC-INRESPONSETO',
    alsoFails: {
      checks: ['SP-SEC-CROSS-SESSION'],
      as: 'same-weakness',
      why: 'accepting any InResponseTo accepts one that names the request of another session',
    },
    layer: 'validation',
  },
  {
    name: 'inresponseto-any-session',
    description:
      "accepts an InResponseTo that names a request of any browser session, not only the answering browser's own",
    check: 'SP-SEC-CROSS-SESSION',
    layer: 'sp',
  },
  {
    name: 'accept-unsolicited',
    description: 'accepts unsolicited Responses although it is configured without IdP-initiated SSO',
    check: 'SP-SEC-UNSOLICITED-DISABLED',
    profile: { idpInitiated: false },
    layer: 'sp',
  },
  {
    name: 'skip-destination',
    description: 'ignores the Response Destination',
    check: 'SP-SEC-DESTINATION',
    layer: 'validation',
  },
  {
    name: 'skip-recipient',
    description: 'ignores the SubjectConfirmationData Recipient',
    check: 'SP-SEC-RECIPIENT',
    layer: 'validation',
  },
  {
    name: 'skip-issuer',
    description: 'ignores the Issuer of the Response and the assertion',
    check: 'SP-SEC-ISSUER',
    layer: 'validation',
  },
  {
    name: 'naive-signature-lookup',
    description:
      'skips schema validation, counts the message as signed when any signature in it verifies with an IdP key, and reads claims from the first Assertion in the document',
    check: 'SP-SEC-XSW3',
    alsoFails: {
      checks: [
        'SP-SEC-XSW4',
        'SP-SEC-XSW5',
        'SP-SEC-XSW6',
        'SP-SEC-XSW7',
        'SP-SEC-XSW8',
        'SP-SEC-TWO-REFERENCES',
        'SP-SEC-MIXED-ASSERTIONS',
      ],
      as: 'same-weakness',
      why: 'every wrapping form that puts the forged assertion first in the document signs it in; a signature that verifies over two References verifies for it too; in XSW1, XSW2 and the appended form the genuine assertion comes first, so it signs in the genuine user from a Response that carries an unsigned one',
    },
    layer: 'validation',
  },
  {
    name: 'claims-from-unsigned-assertion',
    description:
      'counts the message as signed when any signature in it verifies with an IdP key, and signs in the subject of a direct-child assertion no signature covers when the Response has one',
    check: 'SP-SEC-XSW1',
    alsoFails: {
      checks: [
        'SP-SEC-XSW2',
        'SP-SEC-XSW3',
        'SP-SEC-XSW4',
        'SP-SEC-XSW5',
        'SP-SEC-XSW6',
        'SP-SEC-XSW8',
        'SP-SEC-XSW-APPENDED',
        'SP-SEC-TWO-REFERENCES',
        'SP-SEC-MIXED-ASSERTIONS',
        'SP-SEC-FORGED-ATTRIBUTES',
      ],
      as: 'same-weakness',
      why: "each of these wrapping forms leaves an unsigned forged assertion among the Response's own, and the SP reads the subject from it; XSW7 hides its forged assertion in samlp:Extensions, which this SP does not read; with the genuine subject kept and the attribute values forged, the SP hands its application the forged values",
    },
    layer: 'sp',
  },
  {
    name: 'discard-unsigned-assertions',
    description:
      'drops the assertions no signature covers from a Response and signs in from the signed one that remains, instead of refusing the Response (as Shibboleth SP does)',
    check: 'SP-SEC-MIXED-ASSERTIONS',
    layer: 'sp',
  },
  {
    name: 'nameid-first-text',
    description:
      'reads NameID and attribute values from the received document by their first text node, so a comment truncates them',
    check: 'SP-SEC-NAMEID-COMMENT',
    layer: 'validation',
  },
  {
    name: 'skip-empty-signature',
    description:
      'treats a signature whose SignatureValue is empty as nothing to verify, yet counts the element as signed',
    check: 'SP-SEC-SIG-EMPTY',
    layer: 'validation',
  },
  {
    name: 'digest-from-comment',
    description:
      'takes DigestValue from its first child node, which may be a comment (xml-crypto before 6.0.1)',
    check: 'SP-SEC-DIGEST-COMMENT',
    layer: 'validation',
  },
  {
    name: 'multiple-references',
    description:
      'accepts a signature with several References, lets it vouch for every assertion they name, and reads the first',
    check: 'SP-SEC-TWO-REFERENCES',
    layer: 'validation',
  },
  {
    name: 'any-algorithm',
    description: 'accepts RSA-SHA1 signatures and SHA-1 digests',
    check: 'SP-SEC-SHA1',
    layer: 'validation',
  },
  {
    name: 'load-external-dtd',
    description:
      'its XML parser loads the external DTD and external entities a DOCTYPE names before refusing the message',
    check: 'SP-SEC-XXE',
    layer: 'validation',
  },
  {
    name: 'expand-entities',
    description: 'expands the internal entities a DOCTYPE declares instead of refusing the DTD',
    check: 'SP-SEC-ENTITY-EXPANSION',
    layer: 'validation',
  },
  {
    name: 'ignore-trailing-content',
    description: 'parses up to the end of the first root element and ignores what follows',
    check: 'SP-SEC-TWO-ROOTS',
    layer: 'validation',
  },
  {
    name: 'no-size-limit',
    description: 'takes a SAMLResponse of any size at its ACS',
    check: 'SP-SEC-OVERSIZED',
    layer: 'validation',
  },
  {
    name: 'inflate-unbounded',
    description:
      'inflates HTTP-Redirect messages at its SLO endpoint without a size cap and parses whatever comes out',
    check: 'SP-SEC-COMPRESSION-BOMB',
    layer: 'sp',
  },
  {
    name: 'no-relaystate-allowlist',
    description: 'redirects to whatever RelayState names after sign-in',
    check: 'SP-SEC-OPEN-REDIRECT',
    layer: 'sp',
  },
  {
    name: 'accept-unsigned-logout',
    description:
      'acts on LogoutRequests that carry no valid IdP signature; like most applications, it sends a signed-out browser to sign in again',
    check: 'SP-SEC-SLO-UNSIGNED',
    layer: 'sp',
  },
  {
    name: 'logout-ignores-nameid',
    description:
      "ends the browser's own session on any valid LogoutRequest, whatever NameID it names; like most applications, it sends a signed-out browser to sign in again",
    check: 'SP-SEC-SLO-OTHER-USER',
    layer: 'sp',
  },
  {
    name: 'slo-request-no-sessionindex',
    description: 'leaves the SessionIndex of the login out of the LogoutRequests it sends',
    check: 'SP-SLO-01',
    layer: 'sp',
  },
  {
    name: 'slo-request-unsigned',
    description: 'sends its LogoutRequests unsigned',
    check: 'SP-SLO-02',
    layer: 'sp',
  },
  {
    name: 'slo-keeps-local-session',
    description: 'sends the LogoutRequest on /logout but keeps the local session and its cookie',
    check: 'SP-SLO-03',
    layer: 'sp',
  },
  {
    name: 'slo-ignores-idp-request',
    description: 'answers a valid IdP LogoutRequest with Success but ends no session',
    check: 'SP-SLO-04',
    layer: 'sp',
  },
  {
    name: 'slo-first-session-by-nameid',
    description:
      "ends the user's oldest session on an IdP LogoutRequest, found by NameID alone, not the one its SessionIndex names",
    check: 'SP-SLO-04',
    layer: 'sp',
  },
  {
    name: 'slo-response-wrong-inresponseto',
    description: "answers an IdP LogoutRequest with an InResponseTo that is not the request's ID",
    check: 'SP-SLO-05',
    layer: 'sp',
  },
  {
    name: 'drop-relaystate',
    description: 'ignores the RelayState that comes back with the Response and always lands on /me',
    check: 'SP-SSO-02',
    layer: 'sp',
  },
  {
    name: 'unsigned-requests',
    description: 'sends AuthnRequests unsigned although its metadata says AuthnRequestsSigned="true"',
    check: 'SP-AUTHN-04',
    layer: 'sp',
  },
  {
    name: 'bad-acs-url',
    description: 'puts an AssertionConsumerServiceURL that its metadata does not publish in AuthnRequests',
    check: 'SP-AUTHN-03',
    layer: 'sp',
  },
  {
    name: 'no-idp-initiated',
    description: 'refuses unsolicited (IdP-initiated) Responses',
    check: 'SP-IDPI-01',
    layer: 'sp',
  },
  {
    name: 'wrong-request-issuer',
    description: 'puts an Issuer other than its entityID in AuthnRequests',
    check: 'SP-AUTHN-01',
    alsoFails: {
      checks: [
        'SP-AUTHN-04',
        'SP-SSO-01',
        'SP-SSO-02',
        'SP-SSO-03',
        'SP-ENC-01',
        'SP-SEC-INRESPONSETO',
        'SP-SEC-CROSS-SESSION',
        ...SLO_CHECKS,
      ],
      as: 'unjudgeable',
      why: 'the IdP looks up the signing certificate by the Issuer, which names no SP it knows, and refuses the request, so no SP-initiated login completes and the checks that need one (single logout signs in SP-initiated first; the encrypted assertion is delivered SP-initiated) cannot be judged',
    },
    layer: 'sp',
  },
  {
    name: 'wrong-request-destination',
    description: 'puts a Destination other than the IdP SSO endpoint it sends to in AuthnRequests',
    check: 'SP-AUTHN-02',
    layer: 'sp',
  },
  {
    name: 'last-idp-cert-only',
    description:
      'keeps only the last signing certificate of the IdP metadata (each KeyDescriptor read overwrites the one before), so the key in use is dropped once a next key is published after it',
    check: 'SP-ROLL-01',
    layer: 'sp',
  },
  {
    name: 'first-idp-cert-only',
    description:
      'verifies Responses with the first signing certificate of the IdP metadata only, so a key published for a rollover is refused until it is the only one',
    check: 'SP-ROLL-02',
    layer: 'sp',
  },
  {
    name: 'keeps-retired-idp-cert',
    description:
      'adds the signing certificates of new IdP metadata to those it trusted and never drops one, so a retired key still signs users in after the metadata is refreshed',
    check: 'SP-ROLL-03',
    layer: 'sp',
  },
  {
    name: 'decrypts-with-old-key-only',
    description:
      'publishes the new encryption certificate as soon as a certificate renewal starts but decrypts with the old key alone until "Finish renewal", so an IdP that encrypts to the new certificate locks every user out',
    check: 'SP-ROLL-04',
    layer: 'sp',
  },
  {
    name: 'publishes-retired-encryption-cert',
    description:
      'after "Finish renewal" its metadata publishes the retired encryption certificate again instead of the new one, so an IdP that re-reads it encrypts to a key the SP no longer holds',
    check: 'SP-ROLL-05',
    layer: 'sp',
  },
  {
    name: 'renewal-keeps-old-key',
    description:
      'publishes the renewed certificate but goes on signing AuthnRequests and LogoutRequests with the old key until "Finish renewal", though "Successfully updated all the IdPs" switched to the new one (also caught by test/unit/sp-certs-renewal.test.ts)',
    check: 'SP-ROLL-06',
    layer: 'sp',
  },
  {
    name: 'routing-priority-ignored',
    description:
      'evaluates routing rules in the order they were added, so the rule added first wins whatever its priority',
    check: 'SP-ROUTE-PRIORITY',
    layer: 'sp',
  },
  {
    name: 'routing-inactive-rule-used',
    description: 'still routes by a routing rule after it was deactivated',
    check: 'SP-ROUTE-INACTIVE',
    layer: 'sp',
  },
  {
    name: 'routing-no-default',
    description:
      'does not fall back to the Default rule: an address no other rule matches gets an error page',
    check: 'SP-ROUTE-DEFAULT',
    alsoFails: {
      checks: ['SP-ROUTE-DEFAULT-CHANGE'],
      as: 'same-weakness',
      why: "the Default rule's new IdP is never reached either, as no address falls back to it",
    },
    layer: 'sp',
  },
  {
    name: 'routing-offers-every-idp',
    description:
      'answers an address no rule matches with a page offering every IdP of the organisation, those without a rule included',
    check: 'SP-ROUTE-UNROUTED-IDP',
    alsoFails: {
      checks: ['SP-ROUTE-DEFAULT', 'SP-ROUTE-DEFAULT-CHANGE', 'SP-ROUTE-TEST-SSO'],
      as: 'same-weakness',
      why: 'the page takes the place of the Default rule, so unmatched addresses never reach its IdP, and offers the IdP a Test SSO setup tried, though no rule activated it',
    },
    layer: 'sp',
  },
  {
    name: 'routing-groups-ignored',
    description: "never matches group rules, so a known user's stored groups route nowhere",
    check: 'SP-ROUTE-GROUP',
    layer: 'sp',
  },
  {
    name: 'routing-domain-case-sensitive',
    description:
      "compares the email's domain with the domain rules as typed, so B.Simon@Contoso.Test misses contoso.test",
    check: 'SP-ROUTE-DOMAIN',
    layer: 'sp',
  },
  {
    name: 'routing-response-any-idp',
    description:
      'judges a Response against the IdP its Issuer names, whichever trusted IdP the login was routed to',
    check: 'SP-ROUTE-RESPONSE-IDP',
    layer: 'sp',
  },
  {
    name: 'test-sso-activates',
    description:
      '"Test SSO setup" activates the tested IdP: a successful test adds an active rule routing the tested user\'s domain to it',
    check: 'SP-ROUTE-TEST-SSO',
    layer: 'sp',
  },
];

export interface UncheckedSpDefect extends Omit<SpDefect, 'check' | 'alsoFails'> {
  check: null;
}

/**
 * Defects that no SP-* check of the catalog can catch yet, so the self-test matrix cannot prove them;
 * they are accepted at startup all the same.
 */
export const SP_UNCHECKED_DEFECTS: readonly UncheckedSpDefect[] = [
  // Administrator features no suite sees from outside; each is caught by the reference SP's own
  // test through its admin API, test/unit/sp-certs-*.test.ts.
  {
    name: 'alerts-wrong-days',
    description:
      'raises certificate expiry alerts on days 59, 44, 29 and 14 before expiry instead of 60, 45, 30 and 15 (caught by test/unit/sp-certs-alerts.test.ts)',
    check: null,
    layer: 'sp',
  },
];

const KNOWN = new Map<string, SpDefect | UncheckedSpDefect>(
  [...SP_DEFECTS, ...SP_UNCHECKED_DEFECTS].map((d) => [d.name, d]),
);

/**
 * Validates defect names; an unknown one is a startup error naming it and listing the known ones.
 * Every reference RP defect is one of the SP's too: its OpenID Connect sign-in is the reference
 * RP's code, which takes them (simulators/sp/oidc/oidc-idps.ts). wrong-user is in both lists, one
 * behaviour: every sign-in lands on the organisation's administrator.
 */
export function parseSpDefects(names: readonly string[] = []): ReadonlySet<string> {
  const unknown = names.filter((n) => !KNOWN.has(n) && !isRpDefect(n));
  if (unknown.length > 0) {
    const known = new Set([...KNOWN.keys(), ...RP_DEFECTS.map((d) => d.name)]);
    throw new Error(
      `reference SP: unknown defect${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...known].join(', ')}`,
    );
  }
  return new Set(names);
}

// Every validation defect the pipeline knows must be offered here too.
for (const d of VALIDATION_DEFECTS) {
  if (KNOWN.get(d)?.layer !== 'validation') throw new Error(`SP_DEFECTS lacks validation defect ${d}`);
}
