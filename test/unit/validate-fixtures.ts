import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keystore, privateKeyObject, type StoredKey } from '../../lib/pki/index.ts';
import { newSamlId, samlInstant } from '../../lib/saml/ids.ts';
import { BEARER, NAMEID_FORMAT, NS, type SignatureAlgorithmName, STATUS } from '../../lib/saml/namespaces.ts';
import { escapeXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';

/*
 * Support for the validate-* and sp-* tests: a throw-away keystore and a small samlp:Response
 * template signed with signXmlElement, independent of the IdP simulator's builder.
 */

export function tempKeystore(): { keystore: Keystore; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'accord-sp-test-'));
  return { keystore: new Keystore(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ResponseSpec {
  issuer: string;
  /** Assertion Issuer when it should differ from the Response Issuer. */
  assertionIssuer?: string;
  destination?: string | null;
  inResponseTo?: string | null;
  recipient: string;
  audience: string;
  now: Date;
  notBeforeOffsetS?: number;
  notOnOrAfterOffsetS?: number;
  /** The bearer SubjectConfirmationData's NotOnOrAfter; default: the Conditions one. */
  scdNotOnOrAfterOffsetS?: number;
  nameId?: string;
  nameIdFormat?: string;
  attributes?: Record<string, string[]>;
  assertionId?: string;
  responseId?: string;
  sessionIndex?: string;
  status?: string;
  sign?: { response?: boolean; assertion?: boolean };
  key: StoredKey;
  algorithm?: SignatureAlgorithmName;
  /** An unsigned assertion inserted before the signed one (signature wrapping). */
  wrappedAssertion?: { nameId: string; uid: string };
  encrypted?: boolean;
}

function assertionXml(
  spec: ResponseSpec,
  id: string,
  nameId: string,
  attributes: Record<string, string[]>,
): string {
  const t = (s: number) => samlInstant(new Date(spec.now.getTime() + s * 1000));
  const nb = t(spec.notBeforeOffsetS ?? -30);
  const noa = t(spec.notOnOrAfterOffsetS ?? 300);
  const scdNoa = t(spec.scdNotOnOrAfterOffsetS ?? spec.notOnOrAfterOffsetS ?? 300);
  const irt = spec.inResponseTo ? ` InResponseTo="${escapeXml(spec.inResponseTo)}"` : '';
  const attrs = Object.entries(attributes)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  return `<saml:Assertion xmlns:saml="${NS.saml}" xmlns:xs="${NS.xs}" xmlns:xsi="${NS.xsi}" ID="${id}" Version="2.0" IssueInstant="${t(0)}">
<saml:Issuer>${escapeXml(spec.assertionIssuer ?? spec.issuer)}</saml:Issuer>
<saml:Subject><saml:NameID Format="${spec.nameIdFormat ?? NAMEID_FORMAT.transient}">${escapeXml(nameId)}</saml:NameID>
<saml:SubjectConfirmation Method="${BEARER}"><saml:SubjectConfirmationData NotOnOrAfter="${scdNoa}" Recipient="${escapeXml(spec.recipient)}"${irt}/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="${nb}" NotOnOrAfter="${noa}"><saml:AudienceRestriction><saml:Audience>${escapeXml(spec.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AuthnStatement AuthnInstant="${t(-5)}" SessionIndex="${escapeXml(spec.sessionIndex ?? '_session1')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
${attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : ''}
</saml:Assertion>`;
}

export const DEFAULT_ATTRIBUTES: Record<string, string[]> = {
  uid: ['alice@example.com'],
  firstname: ['Alice'],
  lastname: ['Liddell'],
  displayName: ['Alice Liddell'],
  groupId: ['c65f7d85-b691-42b8-a20b-123456789abc'],
};

/** The Response XML (not encoded). */
export function buildResponseXml(spec: ResponseSpec): string {
  const responseId = spec.responseId ?? newSamlId();
  const assertionId = spec.assertionId ?? newSamlId();
  const key = { key: privateKeyObject(spec.key.keyPem), certPem: spec.key.certPem };
  const sign = spec.sign ?? { assertion: true };
  const attributes = spec.attributes ?? DEFAULT_ATTRIBUTES;
  let assertion = assertionXml(spec, assertionId, spec.nameId ?? '_transient-1', attributes);
  if (sign.assertion) {
    assertion = signXmlElement(assertion, {
      ...key,
      id: assertionId,
      signatureAlgorithm: spec.algorithm,
      digestAlgorithm: spec.algorithm === 'rsa-sha1' ? 'sha1' : 'sha256',
    });
  }
  if (spec.encrypted) {
    assertion = `<saml:EncryptedAssertion xmlns:saml="${NS.saml}"><xenc:EncryptedData xmlns:xenc="${NS.xenc}"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>`;
  }
  const wrapped = spec.wrappedAssertion
    ? assertionXml(spec, newSamlId(), spec.wrappedAssertion.nameId, { uid: [spec.wrappedAssertion.uid] })
    : '';
  const dest =
    spec.destination === null ? '' : ` Destination="${escapeXml(spec.destination ?? spec.recipient)}"`;
  const irt = spec.inResponseTo ? ` InResponseTo="${escapeXml(spec.inResponseTo)}"` : '';
  let xml = `<samlp:Response xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${responseId}" Version="2.0" IssueInstant="${samlInstant(spec.now)}"${dest}${irt}>
<saml:Issuer>${escapeXml(spec.issuer)}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="${spec.status ?? STATUS.success}"/></samlp:Status>
${wrapped}${assertion}
</samlp:Response>`;
  if (sign.response) {
    xml = signXmlElement(xml, {
      ...key,
      id: responseId,
      signatureAlgorithm: spec.algorithm,
      digestAlgorithm: spec.algorithm === 'rsa-sha1' ? 'sha1' : 'sha256',
    });
  }
  return xml;
}

export function buildResponse(spec: ResponseSpec): string {
  return Buffer.from(buildResponseXml(spec), 'utf8').toString('base64');
}

/** Minimal IdP metadata for trusting a test IdP (SSO by Redirect and POST, SLO by Redirect). */
export function idpMetadataXml(o: {
  entityId: string;
  certPem: string;
  ssoUrl: string;
  sloUrl?: string;
  /** A second signing certificate, published beside the first (a rollover). */
  nextCertPem?: string;
}): string {
  const keyDescriptor = (pem: string) =>
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="${NS.ds}"><ds:X509Data><ds:X509Certificate>${pem
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  return `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="${escapeXml(o.entityId)}">
<md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="${NS.samlp}">
${keyDescriptor(o.certPem)}${o.nextCertPem ? keyDescriptor(o.nextCertPem) : ''}
${o.sloUrl ? `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(o.sloUrl)}"/>` : ''}
<md:NameIDFormat>${NAMEID_FORMAT.transient}</md:NameIDFormat>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(o.ssoUrl)}"/>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(o.ssoUrl)}"/>
</md:IDPSSODescriptor></md:EntityDescriptor>`;
}
