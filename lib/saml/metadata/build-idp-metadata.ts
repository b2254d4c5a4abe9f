import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { certBase64 } from '../../pki/certificate.ts';
import type { Scenario } from '../../scenario/types.ts';
import { NAME_ID_FORMAT_URNS } from '../../scenario/types.ts';
import { vendorProfile } from '../../scenario/vendors/index.ts';
import { fillTemplate } from '../../target/template.ts';
import { newSamlId, samlInstant } from '../ids.ts';
import { BINDING, type DigestAlgorithmName, NS, type SignatureAlgorithmName } from '../namespaces.ts';
import { escapeXml } from '../safe-xml.ts';
import { signXmlElement } from '../sign-xml.ts';

export interface WsFedClaimType {
  uri: string;
  displayName: string;
  description: string;
}

export interface IdpMetadataOptions {
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  /** Signing certificate published in the KeyDescriptors. */
  certPem: string;
  /** A further signing certificate published after it during a key rollover (saml2int: the next key). */
  nextCertPem?: string;
  /** Signing certificates published after those (a simulator's seeded defect keeps a retired one). */
  stillPublishedCertsPem?: string[];
  /** In order: SPs such as Webex use the first one. */
  nameIdFormats: string[];
  /** Default false. */
  wantAuthnRequestsSigned?: boolean;
  /** SingleSignOnService bindings to publish; default both. An SP picks its AuthnRequest binding from these. */
  ssoBindings?: ReadonlyArray<'redirect' | 'post'>;
  /** EntityDescriptor ID; true = a fresh one. Needed to sign. */
  id?: string | boolean;
  validUntil?: Date;
  /** The WS-Federation RoleDescriptors AD FS and Entra ID publish ahead of the IDPSSODescriptor. */
  wsFed?: {
    displayName: string;
    /** fed:PassiveRequestorEndpoint (and ApplicationServiceEndpoint). */
    passiveRequestorUrl: string;
    /** fed:SecurityTokenServiceEndpoint (WS-Trust). */
    securityTokenServiceUrl: string;
    /** fed:TargetScopes of the ApplicationServiceType. */
    targetScopeUrl: string;
    claimTypes: WsFedClaimType[];
  };
  /** Enveloped signature, ds:Signature as the first child of EntityDescriptor. */
  sign?: {
    key: KeyObject | string;
    certPem: string;
    signatureAlgorithm?: SignatureAlgorithmName;
    digestAlgorithm?: DigestAlgorithmName;
  };
}

const WSFED_PROTOCOL = 'http://docs.oasis-open.org/wsfed/federation/200706';
const AUTH_NS = 'http://docs.oasis-open.org/wsfed/authorization/200706';

function keyDescriptor(certPem: string): string {
  return (
    `<KeyDescriptor use="signing"><KeyInfo xmlns="${NS.ds}"><X509Data>` +
    `<X509Certificate>${certBase64(certPem)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`
  );
}

const endpointReference = (url: string): string =>
  `<wsa:EndpointReference xmlns:wsa="${NS.wsa}"><wsa:Address>${escapeXml(url)}</wsa:Address></wsa:EndpointReference>`;

function wsFedRoleDescriptors(o: IdpMetadataOptions): string {
  const w = o.wsFed!;
  const role = `xmlns:xsi="${NS.xsi}" xmlns:fed="${NS.fed}" protocolSupportEnumeration="${WSFED_PROTOCOL}" ServiceDisplayName="${escapeXml(w.displayName)}"`;
  const claims = w.claimTypes
    .map(
      (c) =>
        `<auth:ClaimType xmlns:auth="${AUTH_NS}" Uri="${escapeXml(c.uri)}" Optional="true">` +
        `<auth:DisplayName>${escapeXml(c.displayName)}</auth:DisplayName>` +
        `<auth:Description>${escapeXml(c.description)}</auth:Description></auth:ClaimType>`,
    )
    .join('');
  return (
    `<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" ${role}>${keyDescriptor(o.certPem)}` +
    '<fed:TokenTypesOffered><fed:TokenType Uri="urn:oasis:names:tc:SAML:2.0:assertion"/>' +
    '<fed:TokenType Uri="urn:oasis:names:tc:SAML:1.0:assertion"/></fed:TokenTypesOffered>' +
    `<fed:ClaimTypesOffered>${claims}</fed:ClaimTypesOffered>` +
    `<fed:SecurityTokenServiceEndpoint>${endpointReference(w.securityTokenServiceUrl)}</fed:SecurityTokenServiceEndpoint>` +
    `<fed:PassiveRequestorEndpoint>${endpointReference(w.passiveRequestorUrl)}</fed:PassiveRequestorEndpoint>` +
    '</RoleDescriptor>' +
    `<RoleDescriptor xsi:type="fed:ApplicationServiceType" ${role}>${keyDescriptor(o.certPem)}` +
    `<fed:TargetScopes>${endpointReference(w.targetScopeUrl)}</fed:TargetScopes>` +
    `<fed:ApplicationServiceEndpoint>${endpointReference(w.passiveRequestorUrl)}</fed:ApplicationServiceEndpoint>` +
    `<fed:PassiveRequestorEndpoint>${endpointReference(w.passiveRequestorUrl)}</fed:PassiveRequestorEndpoint>` +
    '</RoleDescriptor>'
  );
}

/**
 * IdP metadata (SAML metadata 2.4.3) in the default-namespace style AD FS and Entra ID publish:
 * KeyDescriptor, SingleLogoutService, NameIDFormat, SingleSignOnService in schema order.
 */
export function buildIdpMetadata(o: IdpMetadataOptions): string {
  const id = o.id === true || (o.id === undefined && o.sign) ? newSamlId() : o.id || undefined;
  if (o.sign && !id) throw new Error('signed metadata needs an ID on EntityDescriptor');
  const services = (
    name: string,
    url: string,
    bindings: ReadonlyArray<'redirect' | 'post'> = ['redirect', 'post'],
  ) => bindings.map((b) => `<${name} Binding="${BINDING[b]}" Location="${escapeXml(url)}"/>`).join('');
  const xml =
    `<EntityDescriptor xmlns="${NS.md}"${id ? ` ID="${escapeXml(id)}"` : ''} entityID="${escapeXml(o.entityId)}"` +
    `${o.validUntil ? ` validUntil="${samlInstant(o.validUntil)}"` : ''}>` +
    (o.wsFed ? wsFedRoleDescriptors(o) : '') +
    `<IDPSSODescriptor WantAuthnRequestsSigned="${o.wantAuthnRequestsSigned ? 'true' : 'false'}" protocolSupportEnumeration="${NS.samlp}">` +
    keyDescriptor(o.certPem) +
    (o.nextCertPem ? keyDescriptor(o.nextCertPem) : '') +
    (o.stillPublishedCertsPem ?? []).map(keyDescriptor).join('') +
    services('SingleLogoutService', o.sloUrl) +
    o.nameIdFormats.map((f) => `<NameIDFormat>${escapeXml(f)}</NameIDFormat>`).join('') +
    services('SingleSignOnService', o.ssoUrl, o.ssoBindings) +
    '</IDPSSODescriptor></EntityDescriptor>';
  if (!o.sign) return xml;
  return signXmlElement(xml, {
    id: id as string,
    key: o.sign.key,
    certPem: o.sign.certPem,
    signatureAlgorithm: o.sign.signatureAlgorithm,
    digestAlgorithm: o.sign.digestAlgorithm,
    placement: 'first-child',
  });
}

export interface ScenarioMetadataInput {
  /** The simulator's URL without trailing slash; fills {base_url}. */
  baseUrl: string;
  key: KeyObject | string;
  certPem: string;
  nextCertPem?: string;
  stillPublishedCertsPem?: string[];
  now?: Date;
  ssoBindings?: IdpMetadataOptions['ssoBindings'];
}

/** Metadata of the IdP a scenario describes, with its placeholders filled and its endpoints absolute. */
export function buildIdpMetadataForScenario(scenario: Scenario, input: ScenarioMetadataInput): string {
  const idp = scenario.idp;
  const vars = { base_url: input.baseUrl.replace(/\/$/, ''), tenant_id: idp.tenantId ?? '' };
  const url = (path: string) => vars.base_url + fillTemplate(path, vars);
  const vendor = vendorProfile(scenario.vendor);
  const first = idp.nameId.format;
  const formats = [first, ...vendor.metadata.nameIdFormats.filter((f) => f !== first)].map(
    (f) => NAME_ID_FORMAT_URNS[f],
  );
  const md = idp.metadata;
  const now = input.now ?? new Date();
  const entityId = fillTemplate(idp.entityId, vars);
  const ssoUrl = url(idp.paths.sso);
  return buildIdpMetadata({
    entityId,
    ssoUrl,
    sloUrl: url(idp.paths.slo),
    certPem: input.certPem,
    nextCertPem: input.nextCertPem,
    stillPublishedCertsPem: input.stillPublishedCertsPem,
    nameIdFormats: formats,
    ssoBindings: input.ssoBindings,
    id:
      md.withId || md.signed
        ? stableMetadataId(
            entityId,
            input.certPem + (input.nextCertPem ?? '') + (input.stillPublishedCertsPem ?? []).join(''),
            ssoUrl,
            input.ssoBindings,
          )
        : false,
    validUntil: md.validDays ? new Date(now.getTime() + md.validDays * 86_400_000) : undefined,
    wsFed: md.wsFedRoleDescriptors
      ? vendor.metadata.wsFed({
          scenario,
          baseUrl: vars.base_url,
          tenantId: vars.tenant_id,
          entityId,
          ssoUrl,
        })
      : undefined,
    sign: md.signed
      ? {
          key: input.key,
          certPem: input.certPem,
          signatureAlgorithm: idp.signing.signatureAlgorithm,
          digestAlgorithm: idp.signing.digestAlgorithm,
        }
      : undefined,
  });
}

/**
 * The EntityDescriptor ID of a scenario's metadata, the same on every build of the same IdP: with
 * the persistent key and a fixed port, the metadata `accord metadata` writes before a run is the
 * one the run serves, byte for byte (RSA PKCS#1 v1.5 signatures are deterministic too).
 */
function stableMetadataId(
  entityId: string,
  certPem: string,
  ssoUrl: string,
  ssoBindings: IdpMetadataOptions['ssoBindings'],
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([entityId, certPem, ssoUrl, ssoBindings ?? []]))
    .digest('hex');
  return `_md${digest.slice(0, 40)}`;
}
