import type { KeyObject } from 'node:crypto';
import { autoPostForm, buildRedirectQuery, encodePostMessage } from '../../lib/saml/bindings.ts';
import { newSamlId } from '../../lib/saml/ids.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';

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
