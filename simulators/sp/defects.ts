import { VALIDATION_DEFECTS } from '../../lib/saml/validate/types.ts';

export interface SpDefect {
  name: string;
  description: string;
  /** The SP-* check a suite uses to catch it. */
  check: string;
  /** Where it acts: the Response validation pipeline or the SP's own behaviour. */
  layer: 'validation' | 'sp';
}

/**
 * Opt-in defects of the reference SP. Each must make its target check fail when a suite probes it,
 * and the clean SP must pass that check: the self-test matrix iterates over this list.
 */
export const SP_DEFECTS: readonly SpDefect[] = [
  {
    name: 'accept-unsigned',
    description: 'accepts a Response whose assertion carries no signature, reading claims from the document',
    check: 'SP-SEC-UNSIGNED',
    layer: 'validation',
  },
  {
    name: 'trust-keyinfo',
    description:
      'verifies signatures with the certificate in the message KeyInfo instead of the IdP metadata',
    check: 'SP-SEC-UNTRUSTED-KEY',
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
    description: 'ignores NotOnOrAfter (Conditions and SubjectConfirmationData)',
    check: 'SP-SEC-EXPIRED',
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
    layer: 'validation',
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
    layer: 'sp',
  },
  {
    name: 'wrong-request-destination',
    description: 'puts a Destination other than the IdP SSO endpoint it sends to in AuthnRequests',
    check: 'SP-AUTHN-02',
    layer: 'sp',
  },
];

export interface UncheckedSpDefect extends Omit<SpDefect, 'check'> {
  check: null;
}

/**
 * Defects that no SP-* check of the catalog catches yet, so the self-test matrix cannot prove them;
 * they are accepted at startup all the same (the IDP-* checks still show them as warnings).
 */
export const SP_UNCHECKED_DEFECTS: readonly UncheckedSpDefect[] = [
  {
    name: 'any-algorithm',
    description: 'accepts RSA-SHA1 signatures and SHA-1 digests',
    check: null,
    layer: 'validation',
  },
];

const KNOWN = new Map<string, SpDefect | UncheckedSpDefect>(
  [...SP_DEFECTS, ...SP_UNCHECKED_DEFECTS].map((d) => [d.name, d]),
);

/** Validates defect names; an unknown one is a startup error naming it and listing the known ones. */
export function parseSpDefects(names: readonly string[] = []): ReadonlySet<string> {
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `reference SP: unknown defect${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...KNOWN.keys()].join(', ')}`,
    );
  }
  return new Set(names);
}

// Every validation defect the pipeline knows must be offered here too.
for (const d of VALIDATION_DEFECTS) {
  if (KNOWN.get(d)?.layer !== 'validation') throw new Error(`SP_DEFECTS lacks validation defect ${d}`);
}
