import type { KeyObject } from 'node:crypto';
import { autoPostForm, buildRedirectQuery, encodePostMessage } from '../../lib/saml/bindings.ts';
import { newSamlId, samlInstant } from '../../lib/saml/ids.ts';
import { NS, STATUS } from '../../lib/saml/namespaces.ts';
import { escapeXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';

export interface LogoutSubject {
  nameId: string;
  nameIdFormat: string;
  nameQualifier?: string;
  spNameQualifier?: string;
  sessionIndex?: string;
}

/** SAML core 3.7.1: names the subject exactly as the IdP asserted it, with the session to end. */
export function logoutRequestXml(o: {
  id: string;
  destination: string;
  issuer: string;
  now: Date;
  subject: LogoutSubject;
}): string {
  const s = o.subject;
  const q =
    (s.nameQualifier ? ` NameQualifier="${escapeXml(s.nameQualifier)}"` : '') +
    (s.spNameQualifier ? ` SPNameQualifier="${escapeXml(s.spNameQualifier)}"` : '');
  return (
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${o.id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(o.now)}" Destination="${escapeXml(o.destination)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer>` +
    `<saml:NameID Format="${escapeXml(s.nameIdFormat)}"${q}>${escapeXml(s.nameId)}</saml:NameID>` +
    (s.sessionIndex ? `<samlp:SessionIndex>${escapeXml(s.sessionIndex)}</samlp:SessionIndex>` : '') +
    '</samlp:LogoutRequest>'
  );
}

/** SAML core 3.7.2: the answer to an IdP's LogoutRequest. */
export function logoutResponseXml(o: {
  id: string;
  destination: string;
  issuer: string;
  inResponseTo: string;
  now: Date;
  status?: string;
}): string {
  return (
    `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${o.id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(o.now)}" Destination="${escapeXml(o.destination)}" InResponseTo="${escapeXml(o.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(o.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? STATUS.success}"/></samlp:Status>` +
    '</samlp:LogoutResponse>'
  );
}

export interface OutgoingMessage {
  id: string;
  xml: string;
  binding: 'HTTP-Redirect' | 'HTTP-POST';
  /** Redirect: the URL to send the browser to; POST: the endpoint. */
  url: string;
  raw: string;
  /** POST only: the auto-submitting form. */
  html?: string;
}

/**
 * Signs and encodes a logout message for the binding of the IdP endpoint it goes to. Without
 * `signing` it goes out unsigned, which only a seeded defect asks for.
 */
export function sendLogoutMessage(
  param: 'SAMLRequest' | 'SAMLResponse',
  build: (id: string) => string,
  to: { location: string; binding: 'redirect' | 'post' },
  signing: { key: KeyObject; certPem: string } | undefined,
  relayState?: string,
): OutgoingMessage {
  const id = newSamlId();
  const xml = build(id);
  if (to.binding === 'redirect') {
    const query = buildRedirectQuery(
      param,
      xml,
      relayState,
      signing && { key: signing.key, algorithm: 'rsa-sha256' },
    );
    const url = `${to.location}${to.location.includes('?') ? '&' : '?'}${query}`;
    return { id, xml, binding: 'HTTP-Redirect', url, raw: query };
  }
  const signed = signing
    ? signXmlElement(xml, { key: signing.key, certPem: signing.certPem, id, placement: 'after-issuer' })
    : xml;
  const raw = encodePostMessage(signed);
  return {
    id,
    xml: signed,
    binding: 'HTTP-POST',
    url: to.location,
    raw,
    html: autoPostForm(to.location, { [param]: raw, RelayState: relayState }, 'Continue to sign out'),
  };
}
