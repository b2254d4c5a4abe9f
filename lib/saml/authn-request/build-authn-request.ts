import type { KeyObject } from 'node:crypto';
import { autoPostForm, buildRedirectQuery, encodePostMessage } from '../bindings.ts';
import { newSamlId, samlInstant } from '../ids.ts';
import { BINDING, NS, type SignatureAlgorithmName } from '../namespaces.ts';
import { escapeXml } from '../safe-xml.ts';
import { signXmlElement } from '../sign-xml.ts';

export interface AuthnRequestFields {
  /** IdP SSO endpoint the request is sent to. */
  destination: string;
  /** SP entityID. */
  issuer: string;
  acsUrl: string;
  id?: string;
  issueInstant?: Date;
  /** Omitted by default, so the IdP picks among the formats it supports. */
  nameIdFormat?: string;
  allowCreate?: boolean;
  forceAuthn?: boolean;
}

export interface BuiltAuthnRequest {
  id: string;
  xml: string;
}

/**
 * SAML core 3.4.1 AuthnRequest asking for an HTTP-POST Response. Seed (Control Hub "Troubleshoot"):
 * "there is no mandate AuthN and the destination of the answer should go to the destination URL of
 * the IdP", so ForceAuthn is off unless asked for and Destination is the IdP endpoint.
 */
export function buildAuthnRequestXml(f: AuthnRequestFields): BuiltAuthnRequest {
  const id = f.id ?? newSamlId();
  const format = f.nameIdFormat ? ` Format="${escapeXml(f.nameIdFormat)}"` : '';
  const force = f.forceAuthn ? ' ForceAuthn="true"' : '';
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(f.issueInstant ?? new Date())}" Destination="${escapeXml(f.destination)}"${force}` +
    ` ProtocolBinding="${BINDING.post}" AssertionConsumerServiceURL="${escapeXml(f.acsUrl)}">` +
    `<saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>` +
    `<samlp:NameIDPolicy${format} AllowCreate="${f.allowCreate === false ? 'false' : 'true'}"/>` +
    '</samlp:AuthnRequest>';
  return { id, xml };
}

export interface RequestSigningKey {
  key: KeyObject | string;
  certPem: string;
  algorithm?: SignatureAlgorithmName;
}

export interface RedirectAuthnRequest extends BuiltAuthnRequest {
  /** Destination with the encoded (and, when a key is given, signed) query appended. */
  url: string;
  query: string;
}

/** HTTP-Redirect binding (SAML bindings 3.4.4.1): the signature travels in the query, not in the XML. */
export function authnRequestRedirect(
  f: AuthnRequestFields,
  relayState?: string,
  signing?: RequestSigningKey,
): RedirectAuthnRequest {
  const built = buildAuthnRequestXml(f);
  const query = buildRedirectQuery(
    'SAMLRequest',
    built.xml,
    relayState,
    signing ? { key: signing.key, algorithm: signing.algorithm ?? 'rsa-sha256' } : undefined,
  );
  const sep = f.destination.includes('?') ? '&' : '?';
  return { ...built, query, url: `${f.destination}${sep}${query}` };
}

export interface PostAuthnRequest extends BuiltAuthnRequest {
  /** Base64 SAMLRequest form value. */
  samlRequest: string;
  /** The auto-submitting form page. */
  html: string;
}

/** HTTP-POST binding (SAML bindings 3.5.4): an enveloped signature after the Issuer. */
export function authnRequestPost(
  f: AuthnRequestFields,
  relayState?: string,
  signing?: RequestSigningKey,
): PostAuthnRequest {
  const built = buildAuthnRequestXml(f);
  const xml = signing
    ? signXmlElement(built.xml, {
        key: signing.key,
        certPem: signing.certPem,
        id: built.id,
        signatureAlgorithm: signing.algorithm ?? 'rsa-sha256',
        placement: 'after-issuer',
      })
    : built.xml;
  const samlRequest = encodePostMessage(xml);
  return {
    id: built.id,
    xml,
    samlRequest,
    html: autoPostForm(
      f.destination,
      { SAMLRequest: samlRequest, RelayState: relayState },
      'Continue to sign in',
    ),
  };
}
