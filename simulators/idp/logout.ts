import type { KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { verifyRedirectSignature } from '../../lib/saml/bindings.ts';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { newSamlId, samlInstant } from '../../lib/saml/ids.ts';
import { NS, STATUS } from '../../lib/saml/namespaces.ts';
import {
  childElements,
  escapeXml,
  expectRoot,
  firstChild,
  parseUntrustedXml,
} from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import type { AssertedNameId } from './asserted-subjects.ts';
import type { IncomingMessage } from './incoming.ts';

export interface MessageSignature {
  present: boolean;
  valid: boolean;
  algorithm?: string;
  detail: string;
}

export interface ParsedLogoutRequest {
  id: string;
  issuer?: string;
  nameId?: string;
  sessionIndexes: string[];
  destination?: string;
  signature: MessageSignature;
}

/**
 * The signature of a front-channel message: over the query for HTTP-Redirect (SAML bindings
 * 3.4.4.1), enveloped in the root element for HTTP-POST; only `certs` count as trusted.
 */
export function messageSignature(msg: IncomingMessage, root: Element, certs: string[]): MessageSignature {
  if (msg.binding === 'HTTP-Redirect') return verifyRedirectSignature(msg.rawQuery, certs);
  const id = root.getAttribute('ID') ?? '';
  const own = verifyEnvelopedSignatures(msg.xml, root, { trustedCertsPem: certs }).filter(
    (v) => v.parent === root.localName && v.parentId === id,
  );
  return own.length === 0
    ? { present: false, valid: false, detail: `no enveloped ds:Signature on the ${root.localName}` }
    : {
        present: true,
        valid: own.length === 1 && own[0].valid,
        algorithm: own[0].signatureAlgorithm,
        detail: own[0].detail,
      };
}

/** A LogoutRequest (SAML core 3.7.1) with its signature checked against the sender's certificates. */
export function parseLogoutRequest(
  msg: IncomingMessage,
  certsFor: (issuer: string | undefined) => string[],
): ParsedLogoutRequest {
  const root = expectRoot(
    parseUntrustedXml(msg.xml, 'SAMLRequest'),
    NS.samlp,
    'LogoutRequest',
    'SAMLRequest',
  );
  const id = root.getAttribute('ID') ?? '';
  if (!id) throw new SamlInputError('wrong-root', 'LogoutRequest has no ID attribute');
  const issuer = firstChild(root, NS.saml, 'Issuer')?.textContent?.trim() || undefined;
  return {
    id,
    issuer,
    nameId: firstChild(root, NS.saml, 'NameID')?.textContent?.trim() || undefined,
    sessionIndexes: childElements(root, NS.samlp, 'SessionIndex').map((e) => (e.textContent ?? '').trim()),
    destination: root.getAttribute('Destination') || undefined,
    signature: messageSignature(msg, root, certsFor(issuer)),
  };
}

export interface ParsedLogoutResponse {
  id: string;
  issuer?: string;
  inResponseTo?: string;
  destination?: string;
  /** Top-level StatusCode Value, and the second-level one when present. */
  status?: string;
  subStatus?: string;
  signature: MessageSignature;
}

/** A LogoutResponse (SAML core 3.7.2, a StatusResponseType) with its signature checked like a request's. */
export function parseLogoutResponse(
  msg: IncomingMessage,
  certsFor: (issuer: string | undefined) => string[],
): ParsedLogoutResponse {
  const root = expectRoot(
    parseUntrustedXml(msg.xml, 'SAMLResponse'),
    NS.samlp,
    'LogoutResponse',
    'SAMLResponse',
  );
  const issuer = firstChild(root, NS.saml, 'Issuer')?.textContent?.trim() || undefined;
  const top = firstChild(firstChild(root, NS.samlp, 'Status') ?? root, NS.samlp, 'StatusCode');
  const second = top ? firstChild(top, NS.samlp, 'StatusCode') : undefined;
  return {
    id: root.getAttribute('ID') ?? '',
    issuer,
    inResponseTo: root.getAttribute('InResponseTo') || undefined,
    destination: root.getAttribute('Destination') || undefined,
    status: top?.getAttribute('Value') || undefined,
    subStatus: second?.getAttribute('Value') || undefined,
    signature: messageSignature(msg, root, certsFor(issuer)),
  };
}

export interface LogoutRequestInput {
  issuer: string;
  destination: string;
  nameId: AssertedNameId;
  sessionIndex?: string;
  now: Date;
}

/** An IdP-initiated LogoutRequest (SAML core 3.7.1, profiles 4.4.4.1), unsigned. */
export function logoutRequestXml(i: LogoutRequestInput): { id: string; xml: string } {
  const id = newSamlId();
  const n = i.nameId;
  const attr = (name: string, v: string | undefined) => (v === undefined ? '' : ` ${name}="${escapeXml(v)}"`);
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(i.now)}" Destination="${escapeXml(i.destination)}">` +
    `<saml:Issuer>${escapeXml(i.issuer)}</saml:Issuer>` +
    `<saml:NameID${attr('Format', n.format)}${attr('NameQualifier', n.nameQualifier)}${attr('SPNameQualifier', n.spNameQualifier)}>` +
    `${escapeXml(n.value)}</saml:NameID>` +
    (i.sessionIndex ? `<samlp:SessionIndex>${escapeXml(i.sessionIndex)}</samlp:SessionIndex>` : '') +
    '</samlp:LogoutRequest>';
  return { id, xml };
}

export interface LogoutResponseInput {
  issuer: string;
  destination: string;
  inResponseTo: string;
  statusCode?: string;
  now: Date;
}

export function logoutResponseXml(i: LogoutResponseInput): { id: string; xml: string } {
  const id = newSamlId();
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(i.now)}" Destination="${escapeXml(i.destination)}" InResponseTo="${escapeXml(i.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(i.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(i.statusCode ?? STATUS.success)}"/></samlp:Status>` +
    '</samlp:LogoutResponse>';
  return { id, xml };
}

/** For HTTP-POST: the LogoutResponse with an enveloped signature after its Issuer. */
export function signedLogoutResponseXml(
  i: LogoutResponseInput,
  key: { key: KeyObject; certPem: string },
  signatureAlgorithm: 'rsa-sha256' | 'rsa-sha1',
  digestAlgorithm: 'sha256' | 'sha1',
): string {
  const { id, xml } = logoutResponseXml(i);
  return signXmlElement(xml, { id, key: key.key, certPem: key.certPem, signatureAlgorithm, digestAlgorithm });
}
