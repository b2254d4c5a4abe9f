import type { IssuedLogoutRequest } from '../../lib/admin/protocol.ts';
import { buildRedirectQuery, encodePostMessage } from '../../lib/saml/bindings.ts';
import { buildLogoutRequest } from '../../lib/saml/logout/build-logout-request.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import type { AssertedNameId } from './asserted-subjects.ts';
import type { IdpContext } from './context.ts';
import { LogoutOrderError, type ValidLogoutOrder } from './logout-request-order.ts';
import { assertedNameId } from './response-for-user.ts';

/**
 * Whom the LogoutRequest names: the subject of the flow's Response to that SP when there is one
 * (the session the IdP really created, transient NameID included), else the NameID the IdP
 * would assert for the user, with no SessionIndex since no session is known.
 */
function subjectOf(
  ctx: IdpContext,
  o: ValidLogoutOrder,
): { nameId: AssertedNameId; sessionIndex?: string; from: 'flow' | 'user' } {
  const asserted = o.flow === undefined ? undefined : ctx.asserted.latest(o.flow, o.sp.entityId);
  if (asserted) {
    if (asserted.user !== o.user.username) {
      throw new LogoutOrderError(
        'user',
        `flow ${o.flow} signed ${asserted.user} in at ${o.sp.entityId}, not ${o.user.username}`,
      );
    }
    return { nameId: asserted.nameId, sessionIndex: asserted.sessionIndex, from: 'flow' };
  }
  return { nameId: assertedNameId(ctx, o.user, o.sp, ctx.defectChanges), from: 'user' };
}

/**
 * Builds and signs an IdP-initiated LogoutRequest (SAML profiles 4.4.3.1, 4.4.4.1) addressed to
 * the SP's SingleLogoutService, with the key and algorithms the IdP signs LogoutResponses with.
 * It is not sent: whoever asked delivers it, so a suite can hand it to any browser. It is
 * remembered so that the SP's LogoutResponse can be matched, and traced.
 */
export function issueLogoutRequest(ctx: IdpContext, o: ValidLogoutOrder): IssuedLogoutRequest {
  const subject = subjectOf(ctx, o);
  const destination = o.endpoint.location;
  const { id, xml: unsigned } = buildLogoutRequest({
    issuer: ctx.entityId,
    destination,
    nameId: subject.nameId,
    sessionIndex: subject.sessionIndex,
    issueInstant: ctx.now(),
  });
  const { signatureAlgorithm, digestAlgorithm } = ctx.scenario.idp.signing;
  const redirect = o.binding === 'redirect';
  let xml: string;
  let raw: string;
  const answer: IssuedLogoutRequest = { id, url: destination };
  if (redirect) {
    xml = unsigned;
    raw = buildRedirectQuery('SAMLRequest', xml, o.relayState, {
      key: ctx.signing.key,
      algorithm: signatureAlgorithm,
    });
    answer.query = raw;
  } else {
    xml = signXmlElement(unsigned, {
      id,
      key: ctx.signing.key,
      certPem: ctx.signing.certPem,
      signatureAlgorithm,
      digestAlgorithm,
    });
    raw = encodePostMessage(xml);
    answer.samlRequest = raw;
  }
  if (o.relayState !== undefined) answer.relayState = o.relayState;
  const binding = redirect ? 'HTTP-Redirect' : 'HTTP-POST';
  ctx.logoutRequests.add({
    id,
    sp: o.sp.entityId,
    user: o.user.username,
    flow: o.flow,
    binding,
    nameId: subject.nameId,
    sessionIndex: subject.sessionIndex,
    issuedAt: Date.now(),
  });
  ctx.trace.record({
    flow: o.flow,
    direction: 'out',
    from: 'IdP',
    to: 'SP',
    kind: 'LogoutRequest',
    binding,
    method: redirect ? 'GET' : 'POST',
    url: destination,
    relayState: o.relayState,
    raw,
    decoded: xml,
    info: {
      id,
      sp: o.sp.entityId,
      user: o.user.username,
      nameId: subject.nameId.value,
      nameIdFrom: subject.from,
      sessionIndex: subject.sessionIndex ?? null,
      signatureAlgorithm,
      delivered: 'by the caller of POST /__accord/logout-requests',
    },
  });
  return answer;
}
