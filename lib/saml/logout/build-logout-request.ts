import { newSamlId, samlInstant } from '../ids.ts';
import { NS } from '../namespaces.ts';
import { escapeXml } from '../safe-xml.ts';

/** A NameID exactly as an assertion carried it: a LogoutRequest must repeat all of it (SAML core 3.7.1). */
export interface LogoutNameId {
  value: string;
  format?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

export interface LogoutRequestFields {
  /** Default: a fresh one. */
  id?: string;
  issueInstant: Date;
  /** The SingleLogoutService it goes to; optional in SAML core, required when signed (bindings 3.4.5.2). */
  destination?: string;
  /** Optional in SAML core, required by the SLO profile (4.4.4.1); only a hostile message leaves it out. */
  issuer?: string;
  nameId: LogoutNameId;
  /** The session to end; without it, every session of the subject. */
  sessionIndex?: string;
}

/** An attribute written only when given, even empty: a NameID is repeated exactly as asserted. */
function attribute(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeXml(value)}"`;
}

/** SAML core 3.7.1: the unsigned LogoutRequest naming a subject, and its session, to log out. */
export function buildLogoutRequest(f: LogoutRequestFields): { id: string; xml: string } {
  const id = f.id ?? newSamlId();
  const n = f.nameId;
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(f.issueInstant)}"${attribute('Destination', f.destination)}>` +
    (f.issuer === undefined ? '' : `<saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>`) +
    `<saml:NameID${attribute('Format', n.format)}${attribute('NameQualifier', n.nameQualifier)}${attribute('SPNameQualifier', n.spNameQualifier)}>` +
    `${escapeXml(n.value)}</saml:NameID>` +
    (f.sessionIndex ? `<samlp:SessionIndex>${escapeXml(f.sessionIndex)}</samlp:SessionIndex>` : '') +
    '</samlp:LogoutRequest>';
  return { id, xml };
}
