import type { KeyObject } from 'node:crypto';
import { certBase64 } from '../../pki/certificate.ts';
import { newSamlId, samlInstant } from '../ids.ts';
import { BINDING, NAMEID_FORMAT, NS } from '../namespaces.ts';
import { escapeXml } from '../safe-xml.ts';
import { signXmlElement } from '../sign-xml.ts';

/*
 * Seed (webex-adfs-integration, "NameID Format"): "Cisco Webex Teams supports the following NameID
 * formats: ...transient, ...unspecified, ...emailAddress". Transient first, as the seeds ask IdPs
 * to "Set the NameID Format attribute to urn:oasis:names:tc:SAML:2.0:nameid-format:transient".
 */
export const SP_NAMEID_FORMATS: readonly string[] = [
  NAMEID_FORMAT.transient,
  NAMEID_FORMAT.unspecified,
  NAMEID_FORMAT.emailAddress,
];

export interface SpMetadataOptions {
  entityId: string;
  /** EntityDescriptor ID; the signature references it (and AD FS uses it for per-trust settings). */
  id?: string;
  acsUrls: string[];
  /** SingleLogoutService URL, published for both Redirect and POST. */
  sloUrl?: string;
  /** Signs the metadata and is published as the signing KeyDescriptor. */
  signing: { key: KeyObject | string; certPem: string };
  /** More signing certificates to publish (rollover: old and new side by side). */
  extraSigningCertsPem?: string[];
  /**
   * Published as an encryption KeyDescriptor. Leave it out when the SP cannot decrypt: IdPs such
   * as AD FS encrypt every assertion for a relying party that publishes an encryption key.
   */
  encryptionCertPem?: string;
  nameIdFormats?: readonly string[];
  authnRequestsSigned?: boolean;
  wantAssertionsSigned?: boolean;
  validUntil?: Date;
  organization?: { name: string; displayName?: string; url: string };
  /** Unsigned metadata, for tests that need it. */
  unsigned?: boolean;
}

function keyDescriptor(use: 'signing' | 'encryption', certPem: string): string {
  return (
    `<md:KeyDescriptor use="${use}"><ds:KeyInfo xmlns:ds="${NS.ds}"><ds:X509Data>` +
    `<ds:X509Certificate>${certBase64(certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
  );
}

/**
 * Signed SAML 2.0 SP metadata (SAML metadata 2.4.4), the `idb-meta-<org-ID>-SP.xml` a Control Hub
 * admin downloads. Seed (Control Hub "SSO Setup"): "A signed metadata file for the IdP to verify
 * that the metadata belongs to the identity service." The signature is the first child of the
 * EntityDescriptor, as the schema requires.
 */
export function buildSpMetadata(o: SpMetadataOptions): string {
  const id = o.id ?? newSamlId();
  const valid = o.validUntil ? ` validUntil="${samlInstant(o.validUntil)}"` : '';
  const keys = [
    keyDescriptor('signing', o.signing.certPem),
    ...(o.extraSigningCertsPem ?? []).map((c) => keyDescriptor('signing', c)),
    ...(o.encryptionCertPem ? [keyDescriptor('encryption', o.encryptionCertPem)] : []),
  ].join('');
  const slo = o.sloUrl
    ? [BINDING.redirect, BINDING.post]
        .map((b) => `<md:SingleLogoutService Binding="${b}" Location="${escapeXml(o.sloUrl!)}"/>`)
        .join('')
    : '';
  const formats = (o.nameIdFormats ?? SP_NAMEID_FORMATS)
    .map((f) => `<md:NameIDFormat>${escapeXml(f)}</md:NameIDFormat>`)
    .join('');
  const acs = o.acsUrls
    .map(
      (url, i) =>
        `<md:AssertionConsumerService Binding="${BINDING.post}" Location="${escapeXml(url)}" index="${i}"${i === 0 ? ' isDefault="true"' : ''}/>`,
    )
    .join('');
  const org = o.organization
    ? `<md:Organization><md:OrganizationName xml:lang="en">${escapeXml(o.organization.name)}</md:OrganizationName>` +
      `<md:OrganizationDisplayName xml:lang="en">${escapeXml(o.organization.displayName ?? o.organization.name)}</md:OrganizationDisplayName>` +
      `<md:OrganizationURL xml:lang="en">${escapeXml(o.organization.url)}</md:OrganizationURL></md:Organization>`
    : '';
  const xml =
    `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="${escapeXml(o.entityId)}" ID="${id}"${valid}>` +
    `<md:SPSSODescriptor AuthnRequestsSigned="${o.authnRequestsSigned ?? true}" WantAssertionsSigned="${o.wantAssertionsSigned ?? true}" protocolSupportEnumeration="${NS.samlp}">` +
    `${keys}${slo}${formats}${acs}</md:SPSSODescriptor>${org}</md:EntityDescriptor>`;
  if (o.unsigned) return xml;
  return signXmlElement(xml, {
    key: o.signing.key,
    certPem: o.signing.certPem,
    id,
    placement: 'first-child',
  });
}
