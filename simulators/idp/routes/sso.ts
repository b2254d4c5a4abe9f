import type { Request, Response } from 'express';
import { checkAcs } from '../../../lib/saml/authn-request/check-acs.ts';
import {
  type ParsedAuthnRequest,
  parseAuthnRequest,
} from '../../../lib/saml/authn-request/parse-authn-request.ts';
import { STATUS } from '../../../lib/saml/namespaces.ts';
import { flowFromCookieHeader } from '../../../lib/trace/recorder.ts';
import { chooseAcs } from '../acs.ts';
import { authnRequestChecks } from '../authn-request-checks.ts';
import type { IdpContext } from '../context.ts';
import { clippedUrl, fail, failOnInput } from '../fail.ts';
import type { IncomingMessage } from '../incoming.ts';
import { requestSignatureRefusal, spSigningCerts } from '../request-signature-gate.ts';
import { sendSamlResponse } from '../respond.ts';

const NO_PASSIVE = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';

/**
 * An AuthnRequest from a trusted SP (SAML profiles 4.1.4.1): checked, traced, then answered at
 * once when the browser already has a session, else held while the user signs in.
 */
export async function handleAuthnRequest(
  ctx: IdpContext,
  req: Request,
  res: Response,
  msg: IncomingMessage,
): Promise<void> {
  const flow = flowFromCookieHeader(req.headers.cookie);
  let r: ParsedAuthnRequest;
  try {
    r = parseAuthnRequest(
      msg.binding === 'HTTP-Redirect'
        ? { binding: 'HTTP-Redirect', rawQuery: msg.rawQuery }
        : { binding: 'HTTP-POST', samlRequest: msg.value, relayState: msg.relayState },
      (issuer) => spSigningCerts(ctx, issuer),
    );
  } catch (e) {
    return failOnInput(ctx, req, res, e, 'AuthnRequest');
  }
  const sp = ctx.peers.get(r.issuer);
  const ssoUrl = ctx.url(ctx.paths.sso);
  const acs = sp ? checkAcs(r, { entityId: sp.entityId, acs: sp.sp.acs }) : undefined;
  const checks = authnRequestChecks(r, sp, ssoUrl, acs);
  ctx.trace.record({
    flow,
    direction: 'in',
    from: 'SP',
    to: 'IdP',
    kind: 'AuthnRequest',
    binding: r.binding,
    method: req.method,
    url: clippedUrl(req),
    relayState: r.relayState,
    raw: r.raw,
    decoded: r.xml,
    checks,
    info: {
      id: r.id,
      issuer: r.issuer ?? null,
      acsUrl: r.acsUrl ?? null,
      destination: r.destination ?? null,
      signature: r.signature,
      forceAuthn: r.forceAuthn ?? false,
      isPassive: r.isPassive ?? false,
      nameIdPolicyFormat: r.nameIdPolicyFormat ?? null,
    },
  });

  if (!sp) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'unknown-sp',
      title: 'Unknown service provider',
      detail: r.issuer
        ? `AuthnRequest Issuer "${r.issuer}" is not a trusted SP of this IdP; POST its metadata to /__accord/peers first`
        : 'AuthnRequest has no Issuer, so the SP cannot be identified',
    });
  }
  const refusal = requestSignatureRefusal(ctx, r);
  if (refusal) {
    return fail(ctx, req, res, {
      status: 403,
      check: 'SP-AUTHN-04',
      title: 'AuthnRequest refused',
      detail: refusal,
    });
  }
  // A probe, not a gatekeeper: a failed SP-AUTHN check is recorded for the suites and the flow goes
  // on to the metadata's own ACS, so one defect shows as one failed check rather than a dead login.
  const choice = chooseAcs(sp, acs?.endpoint);
  if (!choice.ok) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'SP-AUTHN-03',
      title: 'AuthnRequest refused',
      detail: choice.detail,
    });
  }
  const acsUrl = choice.url;

  const session = ctx.sessions.ensure(req, res);
  const target = { sp, acsUrl, inResponseTo: r.id, relayState: r.relayState, flow };
  const user = session.user ? ctx.findUser(session.user) : undefined;
  if (user && !r.forceAuthn) return sendSamlResponse(ctx, req, res, session, target, user);
  if (r.isPassive) {
    return sendSamlResponse(ctx, req, res, session, target, undefined, {
      code: STATUS.responder,
      subCode: NO_PASSIVE,
      message: 'IsPassive was requested and the user is not signed in',
    });
  }
  const key = ctx.sessions.addPending(session, {
    kind: 'sp-initiated',
    spEntityId: sp.entityId,
    acsUrl,
    requestId: r.id,
    relayState: r.relayState,
    flow,
  });
  res.redirect(303, `${ctx.url(ctx.paths.login)}?req=${encodeURIComponent(key)}`);
}
