import { NS } from '../../lib/saml/namespaces.ts';
import { childElements, firstChild } from '../../lib/saml/safe-xml.ts';
import type { ReadResult } from '../../lib/saml/validate/read-response.ts';
import type { SpContext } from './context.ts';
import type { TrustedIdp } from './peers.ts';
import type { SpSession } from './sessions.ts';

/**
 * Which trusted IdP a Response is judged against: the one the answered AuthnRequest went to, else
 * the one its (not yet verified) Issuer names, else the first trusted IdP. The choice only selects
 * the certificates and entityID the checks compare with; it trusts nothing in the message.
 */
export function idpForResponse(
  ctx: SpContext,
  session: SpSession | undefined,
  read: ReadResult,
): TrustedIdp | undefined {
  if (!read.received) return ctx.peers.pick();
  const root = read.received.root;
  const irt = root.getAttribute('InResponseTo');
  const pending = irt ? session?.requests.get(irt) : undefined;
  const byRequest = ctx.peers.get(pending?.idp);
  // The routing-response-any-idp defect judges by the asserted Issuer whichever IdP the login was routed to.
  if (byRequest && !ctx.has('routing-response-any-idp')) return byRequest;
  const assertion = childElements(root, NS.saml, 'Assertion')[0];
  const issuer =
    firstChild(root, NS.saml, 'Issuer') ?? (assertion ? firstChild(assertion, NS.saml, 'Issuer') : undefined);
  return ctx.peers.get(issuer?.textContent ?? undefined) ?? byRequest ?? ctx.peers.pick();
}
