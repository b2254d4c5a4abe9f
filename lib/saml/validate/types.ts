import type { Element } from '@xmldom/xmldom';
import type { TraceCheck } from '../../trace/types.ts';
import type { SamlInputError } from '../errors.ts';
import type { SchemaResult } from '../schema/validator.ts';
import type { SignatureVerdict } from '../verify-xml-signature.ts';

/** Seeded defects the validation pipeline understands; each relaxes exactly one rule. */
export const VALIDATION_DEFECTS = [
  'accept-unsigned',
  'skip-audience',
  'accept-expired',
  'skip-scd-expiry',
  'skip-notbefore',
  'no-replay-cache',
  'skip-inresponseto',
  'skip-destination',
  'skip-recipient',
  'skip-issuer',
  'trust-keyinfo',
  'trust-issuer-serial',
  'any-algorithm',
  'naive-signature-lookup',
  'nameid-first-text',
  'skip-empty-signature',
  'digest-from-comment',
  'multiple-references',
  'load-external-dtd',
  'expand-entities',
  'ignore-trailing-content',
  'no-size-limit',
] as const;

export type ValidationDefect = (typeof VALIDATION_DEFECTS)[number];

export interface ReplayCache {
  seen(id: string): boolean;
  add(id: string, until: Date): void;
}

export interface ValidationContext {
  idp: { entityId: string; signingCerts: string[] };
  /** acsUrls are the published ones; Destination and Recipient must name `receivedAt`, the one actually used. */
  sp: { entityId: string; acsUrls: string[] };
  /** True when the ID belongs to a request this SP sent and has not yet been answered; consumes it. */
  outstandingRequestIds: (id: string) => boolean;
  allowUnsolicited: boolean;
  now: Date;
  skewSeconds: number;
  replayCache: ReplayCache;
  /** The URL the Response was posted to. */
  receivedAt: string;
  defects: ReadonlySet<string>;
  /** Checks whose failure is recorded but does not refuse the Response (a target's known findings). */
  tolerated?: ReadonlySet<string>;
}

export interface AssertedIdentity {
  nameId: string;
  nameIdFormat: string;
  /** NameID qualifiers, needed to name the subject again in a LogoutRequest. */
  nameQualifier?: string;
  spNameQualifier?: string;
  attributes: Record<string, string[]>;
  sessionIndex?: string;
  issuer: string;
}

export interface ValidationResult {
  accepted: boolean;
  checks: TraceCheck[];
  /** Only set when accepted: read from the signed element, never from unsigned parts. */
  identity?: AssertedIdentity;
  assertionId?: string;
  inResponseTo?: string;
  /** The decoded XML, when the parameter decoded at all (for traces). */
  xml?: string;
  /** Set when the message could not be decoded or parsed as a samlp:Response at all. */
  inputError?: SamlInputError;
}

/**
 * What the checks read. `response` is the signed Response when it carries a valid signature,
 * else the received envelope; `assertion` is the element claims may come from, or the unverified
 * direct-child assertion (then `assertionTrusted` is false and nothing is read from it for identity).
 */
export interface ResponseView {
  xml: string;
  /** Root of the received document. */
  received: Element;
  response: Element;
  assertion?: Element;
  assertionTrusted: boolean;
  /** The assertions and encrypted assertions that are direct children of the Response used. */
  assertionCount: number;
  encryptedAssertionCount: number;
  /** Signatures that bear on the Response or its direct-child assertions. */
  signatures: SignatureVerdict[];
  trust: SignatureTrust;
  schema: SchemaResult;
  /** multiple-references defect: one signature's References name every direct-child assertion. */
  multiReferenceCover: boolean;
}

export interface SignatureTrust {
  /** Which signature the claims rest on. */
  by: 'response' | 'assertion' | 'none';
  /** The signature verified only with the certificate the message carried (seeded defect). */
  viaKeyInfo: boolean;
  /** Signature problems, reported by IDP-RESP-SIGNED. */
  problems: Problem[];
  /** What verified, for the pass detail. */
  notes: string[];
}

/** One reason a check fails; `excusedBy` names the seeded defect(s) that turn it into a warning. */
export interface Problem {
  detail: string;
  excusedBy?: ValidationDefect | readonly ValidationDefect[];
}

export type CheckFn = (view: ResponseView, ctx: ValidationContext) => CheckOutcome;

export interface CheckOutcome {
  problems: Problem[];
  /** What was verified, naming the values seen, for the pass detail. */
  passDetail: string;
  /** A check that cannot apply records 'skip' with this reason. */
  skip?: string;
}
