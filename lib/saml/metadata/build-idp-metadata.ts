import type { KeyObject } from 'node:crypto';
import { certBase64 } from '../../pki/certificate.ts';
import type { Scenario } from '../../scenario/types.ts';
import { NAME_ID_FORMAT_URNS } from '../../scenario/types.ts';
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

/** The claim types AD FS lists in its FederationMetadata.xml, those a Webex-style SP reads. */
export const ADFS_CLAIM_TYPES: WsFedClaimType[] = [
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    displayName: 'E-Mail Address',
    description: 'The e-mail address of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    displayName: 'Given Name',
    description: 'The given name of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    displayName: 'Name',
    description: 'The unique name of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
    displayName: 'UPN',
    description: 'The user principal name (UPN) of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    displayName: 'Surname',
    description: 'The surname of the user',
  },
  {
    uri: 'http://schemas.xmlsoap.org/claims/Group',
    displayName: 'Group',
    description: 'A group that the user is a member of',
  },
  {
    uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
    displayName: 'Name ID',
    description: 'The SAML name identifier of the user',
  },
];

const OTHER_FORMATS: Record<Scenario['vendor'], Array<keyof typeof NAME_ID_FORMAT_URNS>> = {
  adfs: ['emailAddress', 'persistent', 'transient'],
  entra: ['emailAddress', 'persistent', 'unspecified', 'transient'],
  ping: [],
  generic: [],
};

export interface ScenarioMetadataInput {
  /** The simulator's URL without trailing slash; fills {base_url}. */
  baseUrl: string;
  key: KeyObject | string;
  certPem: string;
  now?: Date;
  ssoBindings?: IdpMetadataOptions['ssoBindings'];
}

function wsFedEndpoints(
  scenario: Scenario,
  vars: { base_url: string; tenant_id: string },
  ssoUrl: string,
): IdpMetadataOptions['wsFed'] {
  if (scenario.vendor === 'adfs') {
    return {
      displayName: scenario.title,
      passiveRequestorUrl: ssoUrl,
      securityTokenServiceUrl: `${vars.base_url}/adfs/services/trust/2005/issuedtokenmixedsymmetricbasic256`,
      targetScopeUrl: `${vars.base_url}/adfs/services/trust/`,
      claimTypes: ADFS_CLAIM_TYPES,
    };
  }
  // Entra ID publishes one WS-Federation endpoint per tenant for both roles.
  const wsfed = `${vars.base_url}${vars.tenant_id ? `/${vars.tenant_id}` : ''}/wsfed`;
  return {
    displayName: fillTemplate(scenario.idp.entityId, vars),
    passiveRequestorUrl: wsfed,
    securityTokenServiceUrl: wsfed,
    targetScopeUrl: fillTemplate(scenario.idp.entityId, vars),
    claimTypes: ADFS_CLAIM_TYPES,
  };
}

/** Metadata of the IdP a scenario describes, with its placeholders filled and its endpoints absolute. */
export function buildIdpMetadataForScenario(scenario: Scenario, input: ScenarioMetadataInput): string {
  const idp = scenario.idp;
  const vars = { base_url: input.baseUrl.replace(/\/$/, ''), tenant_id: idp.tenantId ?? '' };
  const url = (path: string) => vars.base_url + fillTemplate(path, vars);
  const first = idp.nameId.format;
  const formats = [first, ...OTHER_FORMATS[scenario.vendor].filter((f) => f !== first)].map(
    (f) => NAME_ID_FORMAT_URNS[f],
  );
  const md = idp.metadata;
  const now = input.now ?? new Date();
  return buildIdpMetadata({
    entityId: fillTemplate(idp.entityId, vars),
    ssoUrl: url(idp.paths.sso),
    sloUrl: url(idp.paths.slo),
    certPem: input.certPem,
    nameIdFormats: formats,
    ssoBindings: input.ssoBindings,
    id: md.withId || md.signed,
    validUntil: md.validDays ? new Date(now.getTime() + md.validDays * 86_400_000) : undefined,
    wsFed: md.wsFedRoleDescriptors ? wsFedEndpoints(scenario, vars, url(idp.paths.sso)) : undefined,
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
