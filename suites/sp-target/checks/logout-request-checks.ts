import { NS } from '../../../lib/saml/namespaces.ts';
import { childElements, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { describeNameId, type LoginSubject, nameIdMismatches, nameIdOf } from '../steps/logout-subject.ts';

interface SignatureInfo {
  present?: boolean;
  valid?: boolean;
  detail?: string;
}

/**
 * Judges the LogoutRequest the IdP simulator received from the target (SP-SLO-01, SP-SLO-02),
 * decoded in its trace, against the login it ends: `asserted` is what the IdP sent in that login.
 */
export async function checkLogoutRequest(
  accord: Accord,
  entry: TraceEntry | undefined,
  asserted: LoginSubject,
  idp: { entityId: string; sloUrl: string },
  missing: string,
): Promise<void> {
  const c = accord.checks;
  if (!entry?.decoded) {
    await c.fail('SP-SLO-01', missing);
    await c.fail('SP-SLO-02', missing);
    return;
  }
  const signature = (entry.info?.signature ?? {}) as SignatureInfo;
  const root = parseUntrustedXml(entry.decoded, 'LogoutRequest').documentElement!;
  const sp = accord.runtime.targetEntityId;
  const problems: string[] = [];
  if (root.namespaceURI !== NS.samlp || root.localName !== 'LogoutRequest')
    problems.push(`the message is {${root.namespaceURI}}${root.localName}, not a samlp:LogoutRequest`);
  const issuer = (firstChild(root, NS.saml, 'Issuer')?.textContent ?? '').trim();
  if (issuer !== sp) problems.push(`Issuer "${issuer}" is not the SP entityID "${sp}"`);
  const destination = root.getAttribute('Destination');
  if (destination === null) {
    if (signature.present) problems.push('a signed LogoutRequest must carry a Destination');
  } else if (destination !== idp.sloUrl) {
    problems.push(`Destination "${destination}" but sent to ${idp.sloUrl}`);
  }
  const nameIdEl = firstChild(root, NS.saml, 'NameID');
  const sent = nameIdEl ? nameIdOf(nameIdEl) : undefined;
  if (!sent) {
    problems.push(`no saml:NameID (the login asserted ${describeNameId(asserted.nameId)})`);
  } else {
    const diff = nameIdMismatches(sent, asserted.nameId, { idp: idp.entityId, sp });
    if (diff.length > 0) problems.push(`NameID differs from the asserted one: ${diff.join(', ')}`);
  }
  const indexes = childElements(root, NS.samlp, 'SessionIndex').map((e) => (e.textContent ?? '').trim());
  if (asserted.sessionIndex && !indexes.includes(asserted.sessionIndex)) {
    problems.push(
      indexes.length === 0
        ? `no SessionIndex, though the login's AuthnStatement carried SessionIndex ${asserted.sessionIndex}`
        : `SessionIndex ${indexes.join(', ')} instead of the login's ${asserted.sessionIndex}`,
    );
  }
  await c.record(
    'SP-SLO-01',
    problems.length === 0,
    problems.length > 0
      ? problems.join('; ')
      : `LogoutRequest ${root.getAttribute('ID')} by ${entry.binding} from ${issuer} to ${destination ?? idp.sloUrl} for ${describeNameId(sent!)}${asserted.sessionIndex ? `, SessionIndex ${asserted.sessionIndex}` : ''}`,
  );
  await c.record(
    'SP-SLO-02',
    !!signature.present && !!signature.valid,
    signature.present
      ? `${entry.binding} signature ${signature.valid ? 'verifies' : 'does not verify'}: ${signature.detail ?? ''}`
      : `the LogoutRequest arrived by ${entry.binding} unsigned`,
  );
}
