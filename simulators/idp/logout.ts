import type { KeyObject } from 'node:crypto';
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
import type { IncomingMessage } from './incoming.ts';

export interface ParsedLogoutRequest {
  id: string;
  issuer?: string;
  nameId?: string;
  sessionIndexes: string[];
  destination?: string;
  signature: { present: boolean; valid: boolean; algorithm?: string; detail: string };
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
  const certs = certsFor(issuer);
  let signature: ParsedLogoutRequest['signature'];
  if (msg.binding === 'HTTP-Redirect') {
    signature = verifyRedirectSignature(msg.rawQuery, certs);
  } else {
    const own = verifyEnvelopedSignatures(msg.xml, root, { trustedCertsPem: certs }).filter(
      (v) => v.parentId === id,
    );
    signature =
      own.length === 0
        ? { present: false, valid: false, detail: 'no enveloped ds:Signature on the LogoutRequest' }
        : {
            present: true,
            valid: own.length === 1 && own[0].valid,
            algorithm: own[0].signatureAlgorithm,
            detail: own[0].detail,
          };
  }
  return {
    id,
    issuer,
    nameId: firstChild(root, NS.saml, 'NameID')?.textContent?.trim() || undefined,
    sessionIndexes: childElements(root, NS.samlp, 'SessionIndex').map((e) => (e.textContent ?? '').trim()),
    destination: root.getAttribute('Destination') || undefined,
    signature,
  };
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
