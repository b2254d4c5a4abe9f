import { NS, STATUS } from '../../../lib/saml/namespaces.ts';
import { firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';

const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

interface SignatureInfo {
  present?: boolean;
  valid?: boolean;
  detail?: string;
}

/**
 * SP-SLO-05: the LogoutResponse the IdP simulator received for the LogoutRequest it issued
 * (`requestId`), decoded in its trace, with the signature it checked against the SP metadata.
 */
export function judgeLogoutResponse(
  accord: Accord,
  entry: TraceEntry | undefined,
  requestId: string,
  idpSloUrl: string,
  missing: string,
): { ok: boolean; detail: string } {
  if (!entry?.decoded) return { ok: false, detail: missing };
  const root = parseUntrustedXml(entry.decoded, 'LogoutResponse').documentElement!;
  const sp = accord.runtime.targetEntityId;
  const signature = (entry.info?.signature ?? {}) as SignatureInfo;
  const problems: string[] = [];
  if (root.namespaceURI !== NS.samlp || root.localName !== 'LogoutResponse')
    problems.push(`the message is {${root.namespaceURI}}${root.localName}, not a samlp:LogoutResponse`);
  const irt = root.getAttribute('InResponseTo');
  if (irt !== requestId)
    problems.push(
      `InResponseTo ${irt === null ? 'is absent' : `"${irt}"`}, the LogoutRequest's ID is ${requestId}`,
    );
  const issuerEl = firstChild(root, NS.saml, 'Issuer');
  const issuer = (issuerEl?.textContent ?? '').trim();
  if (issuer !== sp) problems.push(`Issuer "${issuer}" is not the SP entityID "${sp}"`);
  const format = issuerEl?.getAttribute('Format');
  if (format && format !== ENTITY_FORMAT) problems.push(`Issuer Format is ${format}, not ${ENTITY_FORMAT}`);
  const destination = root.getAttribute('Destination');
  if (destination === null) {
    if (signature.present) problems.push('a signed LogoutResponse must carry a Destination');
  } else if (destination !== idpSloUrl) {
    problems.push(`Destination "${destination}" but the IdP's SingleLogoutService is ${idpSloUrl}`);
  }
  const statusEl = firstChild(root, NS.samlp, 'Status');
  const status = statusEl && firstChild(statusEl, NS.samlp, 'StatusCode')?.getAttribute('Value');
  if (status !== STATUS.success) problems.push(`top-level status ${status ?? '(none)'}, not Success`);
  if (!signature.present) problems.push(`the LogoutResponse arrived by ${entry.binding} unsigned`);
  else if (!signature.valid)
    problems.push(`its ${entry.binding} signature does not verify: ${signature.detail}`);
  return {
    ok: problems.length === 0,
    detail:
      problems.length > 0
        ? problems.join('; ')
        : `LogoutResponse ${root.getAttribute('ID')} by ${entry.binding}, signed (${signature.detail}), InResponseTo ${requestId}, Success, to ${destination ?? idpSloUrl}`,
  };
}
