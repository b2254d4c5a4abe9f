import { STATUS } from '../../lib/saml/namespaces.ts';
import { NAME_ID_FORMAT_URNS } from '../../lib/scenario/types.ts';
import type { ResponseChanges } from './response-changes.ts';

const DESCRIPTIONS = {
  unsigned: 'sign neither the Response nor the assertion',
  sha1: 'sign with rsa-sha1 and digest with sha1',
  'wrong-issuer': 'Response and assertion Issuer are not the IdP entityID',
  'wrong-destination': 'Response Destination is not the ACS the Response is posted to',
  'wrong-recipient': 'SubjectConfirmationData Recipient is not the ACS',
  'wrong-audience': 'Audience names another SP',
  expired: 'all times shifted so NotOnOrAfter lies one hour in the past',
  'no-inresponseto': 'no InResponseTo on the Response and SubjectConfirmationData of SP-initiated logins',
  'missing-uid': 'the uid attribute is left out',
  'uid-case': 'the uid attribute value is upper-cased',
  'nameid-format-x509': 'NameID Format is X509SubjectName',
  'nameid-format-unspecified':
    'NameID Format is unspecified whatever the scenario says (still one the identity service accepts, not the one the target profile declares)',
  'drop-relaystate': 'RelayState is not sent back',
  'no-idp-initiated': 'the IdP-initiated endpoints answer 501',
  'two-assertions': 'a second copy of the assertion (own ID, own signature) follows the first',
  'status-responder': 'top-level Status is Responder',
  'schema-invalid':
    'IssueInstant is not an xs:dateTime (a space instead of "T"), so the Response fails the SAML schema',
  'metadata-bad-signature': 'the metadata is altered after it was signed (scenarios with signed metadata)',
  'slo-response-unsigned': "answers an SP's LogoutRequest with an unsigned LogoutResponse",
  'slo-keeps-session': "answers an SP's LogoutRequest with Success but keeps its own session",
} as const;

export type IdpDefect = keyof typeof DESCRIPTIONS;

export interface IdpDefectInfo {
  name: IdpDefect;
  description: string;
}

/**
 * Seeded IdP defects, chosen at startup, so the IdP-target checks can be shown to fail. Each one
 * changes every Response the simulator sends (or, for no-idp-initiated and the slo- defects, one
 * endpoint).
 */
export const IDP_DEFECTS: readonly IdpDefectInfo[] = Object.entries(DESCRIPTIONS).map(
  ([name, description]) => ({
    name: name as IdpDefect,
    description,
  }),
);

export const WRONG = {
  issuer: 'https://wrong-issuer.accord.test/idp',
  destination: 'https://wrong-destination.accord.test/acs',
  recipient: 'https://wrong-recipient.accord.test/acs',
  audience: 'https://wrong-audience.accord.test/sp',
} as const;

const X509_SUBJECT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName';

export function isIdpDefect(name: string): name is IdpDefect {
  return Object.hasOwn(DESCRIPTIONS, name);
}

/** Throws naming the first unknown defect, listing the known ones. */
export function parseDefects(names: readonly string[]): IdpDefect[] {
  const out: IdpDefect[] = [];
  for (const raw of names) {
    for (const name of raw.split(',').map((s) => s.trim())) {
      if (name === '') continue;
      if (!isIdpDefect(name)) {
        throw new Error(`unknown IdP defect "${name}" (known: ${Object.keys(DESCRIPTIONS).join(', ')})`);
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
