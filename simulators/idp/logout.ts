import type { KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { verifyRedirectSignature } from '../../lib/saml/bindings.ts';
import { SamlInputError } from '../../lib/saml/errors.ts';
import {
  buildLogoutResponse,
  type LogoutResponseFields,
} from '../../lib/saml/logout/build-logout-response.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { childElements, expectRoot, firstChild, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
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

/** For HTTP-POST: the LogoutResponse with an enveloped signature after its Issuer. */
export function signedLogoutResponseXml(
  f: LogoutResponseFields,
  key: { key: KeyObject; certPem: string },
  signatureAlgorithm: 'rsa-sha256' | 'rsa-sha1',
  digestAlgorithm: 'sha256' | 'sha1',
): string {
  const { id, xml } = buildLogoutResponse(f);
  return signXmlElement(xml, { id, key: key.key, certPem: key.certPem, signatureAlgorithm, digestAlgorithm });
}
