import { NS, STATUS } from '../../../lib/saml/namespaces.ts';
import { firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';

interface SignatureInfo {
  present?: boolean;
  valid?: boolean;
  detail?: string;
}

/** IDP-SLO-01: the IdP's answer to the reference SP's LogoutRequest, as the SP received it. */
export async function checkLogoutResponse(
  accord: Accord,
  sent: TraceEntry | undefined,
  answer: TraceEntry | undefined,
  sloUrl: string,
  missing: string,
): Promise<void> {
  const requestId = sent?.info?.id as string | undefined;
  if (!requestId) {
    await accord.checks.fail(
      'IDP-SLO-01',
      'inconclusive: the reference SP sent no LogoutRequest in this flow',
    );
    return;
  }
  if (!answer?.decoded) {
    await accord.checks.fail('IDP-SLO-01', missing);
    return;
  }
  const root = parseUntrustedXml(answer.decoded, 'LogoutResponse').documentElement!;
  const signature = (answer.info?.signature ?? {}) as SignatureInfo;
  const idp = accord.runtime.targetEntityId;
  const problems: string[] = [];
  if (root.namespaceURI !== NS.samlp || root.localName !== 'LogoutResponse')
    problems.push(`the message is {${root.namespaceURI}}${root.localName}, not a samlp:LogoutResponse`);
  const irt = root.getAttribute('InResponseTo');
  if (irt !== requestId)
    problems.push(
      `InResponseTo ${irt === null ? 'is absent' : `"${irt}"`}, the LogoutRequest was ${requestId}`,
    );
  const issuer = (firstChild(root, NS.saml, 'Issuer')?.textContent ?? '').trim();
  if (issuer !== idp) problems.push(`Issuer "${issuer}" is not the IdP entityID "${idp}"`);
  const destination = root.getAttribute('Destination');
  if (destination === null) {
    if (signature.present) problems.push('a signed LogoutResponse must carry a Destination');
  } else if (destination !== sloUrl) {
    problems.push(`Destination "${destination}" but the SP's SingleLogoutService is ${sloUrl}`);
  }
  const statusEl = firstChild(root, NS.samlp, 'Status');
  const status = statusEl && firstChild(statusEl, NS.samlp, 'StatusCode')?.getAttribute('Value');
  if (status !== STATUS.success) problems.push(`top-level status ${status ?? '(none)'}, not Success`);
  if (!signature.present) problems.push(`the LogoutResponse arrived by ${answer.binding} unsigned`);
  else if (!signature.valid)
    problems.push(`its ${answer.binding} signature does not verify: ${signature.detail}`);
  await accord.checks.record(
    'IDP-SLO-01',
    problems.length === 0,
    problems.length > 0
      ? problems.join('; ')
      : `LogoutResponse ${root.getAttribute('ID')} by ${answer.binding}, signed (${signature.detail}), InResponseTo ${requestId}, Success, to ${destination ?? sloUrl}`,
  );
}
