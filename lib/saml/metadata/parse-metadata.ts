import type { Element } from '@xmldom/xmldom';
import { pemFromBase64 } from '../../pki/certificate.ts';
import { SamlInputError } from '../errors.ts';
import { BINDING, NS } from '../namespaces.ts';
import { childElements, descendants, firstChild, parseUntrustedXml } from '../safe-xml.ts';

export interface Endpoint {
  binding: string;
  location: string;
  responseLocation?: string;
  index?: number;
  isDefault?: boolean;
}

export interface RoleCerts {
  signing: string[];
  encryption: string[];
}

export interface IdpDescriptor {
  ssoServices: Endpoint[];
  sloServices: Endpoint[];
  certs: RoleCerts;
  wantAuthnRequestsSigned: boolean;
  nameIdFormats: string[];
}

export interface SpDescriptor {
  acs: Endpoint[];
  sloServices: Endpoint[];
  certs: RoleCerts;
  authnRequestsSigned: boolean;
  wantAssertionsSigned: boolean;
  nameIdFormats: string[];
}

export interface ParsedMetadata {
  entityId: string;
  id?: string;
  validUntil?: string;
  signed: boolean;
  idp?: IdpDescriptor;
  sp?: SpDescriptor;
  /** Extra role descriptors (e.g. AD FS's WS-Federation RoleDescriptors), by xsi:type. */
  otherRoles: string[];
  xml: string;
}

function endpoints(role: Element, localName: string): Endpoint[] {
  return childElements(role, NS.md, localName).map((e) => ({
    binding: e.getAttribute('Binding') ?? '',
    location: e.getAttribute('Location') ?? '',
    responseLocation: e.getAttribute('ResponseLocation') || undefined,
    index: e.hasAttribute('index') ? Number(e.getAttribute('index')) : undefined,
    isDefault: e.getAttribute('isDefault') === 'true' ? true : undefined,
  }));
}

function roleCerts(role: Element): RoleCerts {
  const out: RoleCerts = { signing: [], encryption: [] };
  for (const kd of childElements(role, NS.md, 'KeyDescriptor')) {
    const use = kd.getAttribute('use') || 'both';
    for (const c of descendants(kd, NS.ds, 'X509Certificate')) {
      const pem = pemFromBase64(c.textContent ?? '');
      if (use === 'signing' || use === 'both') out.signing.push(pem);
      if (use === 'encryption' || use === 'both') out.encryption.push(pem);
    }
  }
  return out;
}

function nameIdFormats(role: Element): string[] {
  return childElements(role, NS.md, 'NameIDFormat').map((e) => (e.textContent ?? '').trim());
}

/** Metadata larger than this is refused unread; one entity's metadata is a few tens of kilobytes. */
export const MAX_METADATA_BYTES = 1024 * 1024;

/** Reads SAML 2.0 metadata (an EntityDescriptor, or the first/matching one in an EntitiesDescriptor). */
export function parseMetadata(xml: string, what = 'metadata', entityId?: string): ParsedMetadata {
  const doc = parseUntrustedXml(xml, what, MAX_METADATA_BYTES);
  const root = doc.documentElement!;
  let ed: Element | undefined;
  if (root.namespaceURI === NS.md && root.localName === 'EntityDescriptor') ed = root;
  else if (root.namespaceURI === NS.md && root.localName === 'EntitiesDescriptor') {
    const all = descendants(root, NS.md, 'EntityDescriptor');
    ed = entityId ? all.find((e) => e.getAttribute('entityID') === entityId) : all[0];
  }
  if (!ed) {
    throw new SamlInputError(
      'wrong-root',
      `${what}: no md:EntityDescriptor${entityId ? ` for ${entityId}` : ''} found`,
    );
  }
  const id = ed.getAttribute('entityID');
  if (!id) throw new SamlInputError('wrong-root', `${what}: EntityDescriptor has no entityID`);
  const result: ParsedMetadata = {
    entityId: id,
    id: ed.getAttribute('ID') || undefined,
    validUntil: ed.getAttribute('validUntil') || undefined,
    signed: !!firstChild(ed, NS.ds, 'Signature'),
    otherRoles: childElements(ed, NS.md, 'RoleDescriptor').map((r) => r.getAttributeNS(NS.xsi, 'type') ?? ''),
    xml,
  };
  const idp = firstChild(ed, NS.md, 'IDPSSODescriptor');
  if (idp) {
    result.idp = {
      ssoServices: endpoints(idp, 'SingleSignOnService'),
      sloServices: endpoints(idp, 'SingleLogoutService'),
      certs: roleCerts(idp),
      wantAuthnRequestsSigned: idp.getAttribute('WantAuthnRequestsSigned') === 'true',
      nameIdFormats: nameIdFormats(idp),
    };
  }
  const sp = firstChild(ed, NS.md, 'SPSSODescriptor');
  if (sp) {
    result.sp = {
      acs: endpoints(sp, 'AssertionConsumerService'),
      sloServices: endpoints(sp, 'SingleLogoutService'),
      certs: roleCerts(sp),
      authnRequestsSigned: sp.getAttribute('AuthnRequestsSigned') === 'true',
      wantAssertionsSigned: sp.getAttribute('WantAssertionsSigned') === 'true',
      nameIdFormats: nameIdFormats(sp),
    };
  }
  if (!result.idp && !result.sp) {
    throw new SamlInputError(
      'wrong-root',
      `${what}: ${id} has neither an IDPSSODescriptor nor an SPSSODescriptor`,
    );
  }
  return result;
}

export function pickEndpoint(list: Endpoint[], binding: keyof typeof BINDING): Endpoint | undefined {
  const matching = list.filter((e) => e.binding === BINDING[binding]);
  return matching.find((e) => e.isDefault) ?? matching.sort((a, b) => (a.index ?? 0) - (b.index ?? 0))[0];
}
