import type { KeyObject } from 'node:crypto';
import { certBase64 } from '../../pki/certificate.ts';
import { newSamlId, samlInstant } from '../ids.ts';
import { BEARER, type DigestAlgorithmName, NS, type SignatureAlgorithmName, STATUS } from '../namespaces.ts';
import { c14nAttr, c14nText, envelopedSignatureXml } from './canonical-signature.ts';

export interface ResponseNameId {
  value: string;
  /** Full URN; absent means no Format attribute (unspecified). */
  format?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

export interface ResponseAttribute {
  name: string;
  /** Full URN; absent means no NameFormat attribute. */
  nameFormat?: string;
  friendlyName?: string;
  values: string[];
}

export type Instant = Date | string;

/** Everything a Response says, as plain data; the builder only lays it out and signs it. */
export interface ResponseModel {
  responseId?: string;
  assertionId?: string;
  issuer: string;
  /** Issuer of the assertion when it differs from the Response's. */
  assertionIssuer?: string;
  destination?: string;
  /** Absent: no InResponseTo attribute at all (unsolicited Response, SAML profiles 4.1.5). */
  inResponseTo?: string;
  audience: string | string[];
  recipient?: string;
  nameId: ResponseNameId;
  attributes: ResponseAttribute[];
  issueInstant: Instant;
  notBefore: Instant;
  notOnOrAfter: Instant;
  subjectConfirmationNotOnOrAfter: Instant;
  /** Default: issueInstant. */
  authnInstant?: Instant;
  sessionIndex: string;
  sessionNotOnOrAfter?: Instant;
  authnContextClassRef: string;
  /** Top-level status code URN; default Success. */
  statusCode?: string;
  /** Second-level status code URN (e.g. NoPassive). */
  subStatusCode?: string;
  statusMessage?: string;
  /** Send no assertion at all (error responses). */
  omitAssertion?: boolean;
  /** Copies of the assertion, each with its own ID, appended after the first (negative tests). */
  extraAssertionCopies?: number;
}

export interface ResponseSigningOptions {
  signResponse: boolean;
  signAssertion: boolean;
  signatureAlgorithm?: SignatureAlgorithmName;
  digestAlgorithm?: DigestAlgorithmName;
  /** Parsed once by the caller (crypto.createPrivateKey): a PEM per call is several times slower. */
  key: KeyObject;
  certPem: string;
}

export interface BuiltResponse {
  xml: string;
  responseId: string;
  assertionIds: string[];
}

const instant = (t: Instant): string => c14nAttr(typeof t === 'string' ? t : samlInstant(t));
const attr = (name: string, value: string | undefined): string =>
  value === undefined ? '' : ` ${name}="${c14nAttr(value)}"`;

const SAML_DECL = ` xmlns:saml="${NS.saml}"`;
// Used only by xsi:type values, which exclusive c14n does not count as a use: present in the
// document for schema validators, absent from the canonical bytes that are digested.
const XS_DECL = ` xmlns:xs="${NS.xs}"`;
const XSI_DECL = ` xmlns:xsi="${NS.xsi}"`;

/*
 * Attributes below are written in canonical order (unqualified ones by local name, then qualified
 * ones), elements with explicit end tags: see canonical-signature.ts for why.
 */

function nameIdXml(n: ResponseNameId): string {
  return `<saml:NameID${attr('Format', n.format)}${attr('NameQualifier', n.nameQualifier)}${attr('SPNameQualifier', n.spNameQualifier)}>${c14nText(n.value)}</saml:NameID>`;
}

function attributeStatementXml(attributes: ResponseAttribute[]): string {
  if (attributes.length === 0) return '';
  let out = '<saml:AttributeStatement>';
  for (const a of attributes) {
    out += `<saml:Attribute${attr('FriendlyName', a.friendlyName)} Name="${c14nAttr(a.name)}"${attr('NameFormat', a.nameFormat)}>`;
    for (const v of a.values) {
      out += `<saml:AttributeValue${XSI_DECL} xsi:type="xs:string">${c14nText(v)}</saml:AttributeValue>`;
    }
    out += '</saml:Attribute>';
  }
  return `${out}</saml:AttributeStatement>`;
}

/** Assertion parts in SAML core 2.3.3 order; the signature goes between `head` and `tail`. */
interface AssertionParts {
  id: string;
  open: string;
  head: string;
  tail: string;
}

function assertionParts(m: ResponseModel, id: string): AssertionParts {
  const audiences = (Array.isArray(m.audience) ? m.audience : [m.audience])
    .map((a) => `<saml:Audience>${c14nText(a)}</saml:Audience>`)
    .join('');
  const session =
    m.sessionNotOnOrAfter === undefined ? '' : ` SessionNotOnOrAfter="${instant(m.sessionNotOnOrAfter)}"`;
  return {
    id,
    open: `<saml:Assertion${SAML_DECL} ID="${c14nAttr(id)}" IssueInstant="${instant(m.issueInstant)}" Version="2.0">`,
    head: `<saml:Issuer>${c14nText(m.assertionIssuer ?? m.issuer)}</saml:Issuer>`,
    tail:
      `<saml:Subject>${nameIdXml(m.nameId)}` +
      `<saml:SubjectConfirmation Method="${BEARER}"><saml:SubjectConfirmationData${attr('InResponseTo', m.inResponseTo)} NotOnOrAfter="${instant(m.subjectConfirmationNotOnOrAfter)}"${attr('Recipient', m.recipient)}></saml:SubjectConfirmationData></saml:SubjectConfirmation>` +
      '</saml:Subject>' +
      `<saml:Conditions NotBefore="${instant(m.notBefore)}" NotOnOrAfter="${instant(m.notOnOrAfter)}">` +
      `<saml:AudienceRestriction>${audiences}</saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${instant(m.authnInstant ?? m.issueInstant)}" SessionIndex="${c14nAttr(m.sessionIndex)}"${session}>` +
      `<saml:AuthnContext><saml:AuthnContextClassRef>${c14nText(m.authnContextClassRef)}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      attributeStatementXml(m.attributes) +
      '</saml:Assertion>',
  };
}

function statusXml(m: ResponseModel): string {
  const sub = m.subStatusCode
    ? `<samlp:StatusCode Value="${c14nAttr(m.subStatusCode)}"></samlp:StatusCode>`
    : '';
  const message = m.statusMessage
    ? `<samlp:StatusMessage>${c14nText(m.statusMessage)}</samlp:StatusMessage>`
    : '';
  return `<samlp:Status><samlp:StatusCode Value="${c14nAttr(m.statusCode ?? STATUS.success)}">${sub}</samlp:StatusCode>${message}</samlp:Status>`;
}

const certB64Cache = new Map<string, string>();
function certB64(certPem: string): string {
  let b64 = certB64Cache.get(certPem);
  if (b64 === undefined) {
    b64 = certBase64(certPem);
    if (certB64Cache.size > 64) certB64Cache.clear();
    certB64Cache.set(certPem, b64);
  }
  return b64;
}

/**
 * A SAML 2.0 Response (SAML core 3.2.2, 3.4) with its assertion(s). Assertions are signed first,
 * then the Response, so the Response signature covers the signed assertions (SAML core 5.4).
 * Without signing options nothing is signed.
 */
export function buildResponse(m: ResponseModel, signing?: ResponseSigningOptions): BuiltResponse {
  const responseId = m.responseId ?? newSamlId();
  const key = signing && {
    key: signing.key,
    certBase64: certB64(signing.certPem),
    signatureAlgorithm: signing.signatureAlgorithm ?? 'rsa-sha256',
    digestAlgorithm: signing.digestAlgorithm ?? 'sha256',
  };
  const assertionIds: string[] = [];
  let canonicalAssertions = '';
  let documentAssertions = '';
  if (!m.omitAssertion) {
    const copies = 1 + Math.max(0, m.extraAssertionCopies ?? 0);
    for (let i = 0; i < copies; i++) {
      const p = assertionParts(m, i === 0 && m.assertionId ? m.assertionId : newSamlId());
      assertionIds.push(p.id);
      const sig =
        key && signing.signAssertion ? envelopedSignatureXml(p.open + p.head + p.tail, p.id, key) : '';
      const body = p.head + sig + p.tail;
      canonicalAssertions += p.open + body;
      documentAssertions += p.open.replace(SAML_DECL, SAML_DECL + XS_DECL) + body;
    }
  }
  const open =
    `<samlp:Response xmlns:samlp="${NS.samlp}"${attr('Destination', m.destination)} ID="${c14nAttr(responseId)}"` +
    `${attr('InResponseTo', m.inResponseTo)} IssueInstant="${instant(m.issueInstant)}" Version="2.0">`;
  const head = `<saml:Issuer${SAML_DECL}>${c14nText(m.issuer)}</saml:Issuer>`;
  const status = statusXml(m);
  const sig =
    key && signing.signResponse
      ? envelopedSignatureXml(
          `${open}${head}${status}${canonicalAssertions}</samlp:Response>`,
          responseId,
          key,
        )
      : '';
  return {
    xml: `${open}${head}${sig}${status}${documentAssertions}</samlp:Response>`,
    responseId,
    assertionIds,
  };
}
