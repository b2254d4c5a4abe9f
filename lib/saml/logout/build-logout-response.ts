import { newSamlId, samlInstant } from '../ids.ts';
import { NS, STATUS } from '../namespaces.ts';
import { escapeXml } from '../safe-xml.ts';

export interface LogoutResponseFields {
  /** Default: a fresh one. */
  id?: string;
  issueInstant: Date;
  destination: string;
  issuer: string;
  /** The ID of the LogoutRequest this answers. */
  inResponseTo: string;
  /** Top-level StatusCode; default Success. */
  statusCode?: string;
}

/** SAML core 3.7.2: the unsigned answer to a LogoutRequest. */
export function buildLogoutResponse(f: LogoutResponseFields): { id: string; xml: string } {
  const id = f.id ?? newSamlId();
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
    ` IssueInstant="${samlInstant(f.issueInstant)}" Destination="${escapeXml(f.destination)}" InResponseTo="${escapeXml(f.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(f.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(f.statusCode ?? STATUS.success)}"/></samlp:Status>` +
    '</samlp:LogoutResponse>';
  return { id, xml };
}
