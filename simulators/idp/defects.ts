import type { SeededDefect } from '../../lib/checks/seeded-defect.ts';
import { STATUS } from '../../lib/saml/namespaces.ts';
import { NAME_ID_FORMAT_URNS } from '../../lib/scenario/types.ts';
import type { ResponseChanges } from './response-changes.ts';

const DEFECTS = {
  unsigned: { description: 'sign neither the Response nor the assertion', check: 'IDP-RESP-SIGNED' },
  sha1: { description: 'sign with rsa-sha1 and digest with sha1', check: 'IDP-RESP-ALG' },
  'wrong-issuer': {
    description: 'Response and assertion Issuer are not the IdP entityID',
    check: 'IDP-RESP-ISSUER',
  },
  'wrong-destination': {
    description: 'Response Destination is not the ACS the Response is posted to',
    check: 'IDP-RESP-DESTINATION',
  },
  'wrong-recipient': {
    description: 'SubjectConfirmationData Recipient is not the ACS',
    check: 'IDP-SUBJ-BEARER',
  },
  'wrong-audience': { description: 'Audience names another SP', check: 'IDP-COND-AUDIENCE' },
  expired: {
    description: 'all times shifted so NotOnOrAfter lies one hour in the past',
    check: 'IDP-COND-TIME',
  },
  'no-inresponseto': {
    description: 'no InResponseTo on the Response and SubjectConfirmationData of SP-initiated logins',
    check: 'IDP-RESP-INRESPONSETO',
  },
  'missing-uid': { description: 'the uid attribute is left out', check: 'IDP-ATTR-UID' },
  'uid-case': { description: 'the uid attribute value is upper-cased', check: 'IDP-ATTR-UID' },
  'nameid-format-x509': { description: 'NameID Format is X509SubjectName', check: 'IDP-NAMEID-FORMAT' },
  'nameid-format-unspecified': {
    description:
      'NameID Format is unspecified whatever the scenario says (still one the identity service accepts, not the one the target profile declares)',
    check: 'IDP-NAMEID-PROFILE',
  },
  'drop-relaystate': { description: 'RelayState is not sent back', check: 'IDP-RELAYSTATE' },
  'no-idp-initiated': { description: 'the IdP-initiated endpoints answer 501', check: 'IDP-IDPI-01' },
  'two-assertions': {
    description: 'a second copy of the assertion (own ID, own signature) follows the first',
    check: 'IDP-ASSERT-UNIQUE',
  },
  'status-responder': { description: 'top-level Status is Responder', check: 'IDP-RESP-STATUS' },
  'schema-invalid': {
    description:
      'IssueInstant is not an xs:dateTime (a space instead of "T"), so the Response fails the SAML schema',
    check: 'IDP-RESP-XML',
  },
  'metadata-bad-signature': {
    description: 'the metadata is altered after it was signed (scenarios with signed metadata)',
    check: 'IDP-MD-01',
  },
  'slo-response-unsigned': {
    description: "answers an SP's LogoutRequest with an unsigned LogoutResponse",
    check: 'IDP-SLO-01',
  },
  'slo-keeps-session': {
    description: "answers an SP's LogoutRequest with Success but keeps its own session",
    check: 'IDP-SLO-02',
  },
  'first-sp-cert-only': {
    description:
      'verifies AuthnRequest signatures with the first signing certificate of the SP metadata only, as if an SP had one key',
    check: 'IDP-ROLL-01',
  },
  'slo-first-sp-cert-only': {
    description:
      'verifies LogoutRequest signatures with the first signing certificate of the SP metadata only (AuthnRequests with every one)',
    check: 'IDP-ROLL-01',
  },
  'accepts-bad-request-signature': {
    description:
      "lets an AuthnRequest whose signature verifies with no certificate of the SP's metadata through, as if it were unsigned",
    check: 'IDP-ROLL-02',
  },
  'rollover-publishes-nothing': {
    description:
      'leaves the next signing key out of its metadata during a rollover, so an SP learns of the new key only when Responses are already signed with it',
    check: 'IDP-ROLL-03',
  },
  'rollover-unpublished-key': {
    description:
      'after a promotion goes on signing with the key it retired, which its metadata no longer lists',
    check: 'IDP-ROLL-04',
  },
  'rollover-keeps-retired-key': {
    description:
      'goes on publishing, after a promotion, the signing certificate it retired, and forgetting retired keys does not remove it',
    check: 'IDP-ROLL-05',
  },
} as const satisfies Record<string, Omit<SeededDefect, 'name'>>;

export type IdpDefect = keyof typeof DEFECTS;

export type IdpDefectInfo = SeededDefect<IdpDefect>;

/**
 * Seeded IdP defects, chosen at startup, so the IdP-target checks can be shown to fail. Each one
 * changes every Response the simulator sends (or, for no-idp-initiated and the slo- defects, one
 * endpoint), and names the check that catches it.
 */
export const IDP_DEFECTS: readonly IdpDefectInfo[] = (
  Object.entries(DEFECTS) as Array<[IdpDefect, Omit<SeededDefect, 'name'>]>
).map(([name, d]) => ({ name, ...d }));

export const WRONG = {
  issuer: 'https://wrong-issuer.accord.test/idp',
  destination: 'https://wrong-destination.accord.test/acs',
  recipient: 'https://wrong-recipient.accord.test/acs',
  audience: 'https://wrong-audience.accord.test/sp',
} as const;

const X509_SUBJECT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName';

export function isIdpDefect(name: string): name is IdpDefect {
  return Object.hasOwn(DEFECTS, name);
}

/** Throws naming the first unknown defect, listing the known ones. */
export function parseDefects(names: readonly string[]): IdpDefect[] {
  const out: IdpDefect[] = [];
  for (const raw of names) {
    for (const name of raw.split(',').map((s) => s.trim())) {
      if (name === '') continue;
      if (!isIdpDefect(name)) {
        throw new Error(`unknown IdP defect "${name}" (known: ${Object.keys(DEFECTS).join(', ')})`);
      }
      if (!out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** The Response changes the defects stand for; `lifetimeSeconds` places `expired` beyond any skew. */
export function defectChanges(defects: readonly IdpDefect[], lifetimeSeconds: number): ResponseChanges {
  const c: ResponseChanges = {};
  for (const d of defects) {
    switch (d) {
      case 'unsigned':
        c.sign = { response: false, assertion: false };
        break;
      case 'sha1':
        c.signatureAlgorithm = 'rsa-sha1';
        c.digestAlgorithm = 'sha1';
        break;
      case 'wrong-issuer':
        c.issuer = WRONG.issuer;
        break;
      case 'wrong-destination':
        c.destination = WRONG.destination;
        break;
      case 'wrong-recipient':
        c.recipient = WRONG.recipient;
        break;
      case 'wrong-audience':
        c.audience = WRONG.audience;
        break;
      case 'expired':
        c.timeShiftSeconds = -(lifetimeSeconds + 3600);
        break;
      case 'no-inresponseto':
        c.inResponseTo = null;
        break;
      case 'missing-uid':
        c.omitUid = true;
        break;
      case 'uid-case':
        c.uidUpperCase = true;
        break;
      case 'nameid-format-x509':
        c.nameIdFormat = X509_SUBJECT;
        break;
      case 'nameid-format-unspecified':
        c.nameIdFormat = NAME_ID_FORMAT_URNS.unspecified;
        break;
      case 'drop-relaystate':
        c.dropRelayState = true;
        break;
      case 'two-assertions':
        c.extraAssertionCopies = 1;
        break;
      case 'status-responder':
        c.statusCode = STATUS.responder;
        break;
      case 'no-idp-initiated':
      case 'schema-invalid':
      case 'metadata-bad-signature':
      case 'slo-response-unsigned':
      case 'slo-keeps-session':
        break;
    }
  }
  return c;
}
