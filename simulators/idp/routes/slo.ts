import type { Request, Response } from 'express';
import { autoPostForm, buildRedirectQuery, encodePostMessage } from '../../../lib/saml/bindings.ts';
import { pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import { NS } from '../../../lib/saml/namespaces.ts';
import { expectRoot, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { flowFromCookieHeader } from '../../../lib/trace/recorder.ts';
import { escapeHtml, page } from '../../shared/pages.ts';
import type { IdpContext } from '../context.ts';
import { clippedUrl, fail, failOnInput } from '../fail.ts';
import type { IncomingMessage } from '../incoming.ts';
import {
  logoutResponseXml,
  type ParsedLogoutRequest,
  parseLogoutRequest,
  signedLogoutResponseXml,
} from '../logout.ts';

function signedOutPage(ctx: IdpContext, res: Response): void {
  res
    .type('html')
    .send(
      page(
        ctx.look.title,
        `<h1>${escapeHtml(ctx.look.heading)}</h1><p class="ok" id="signed-out">You have signed out.</p>`,
      ),
    );
}

/**
 * SP-initiated single logout (SAML profiles 4.4): end the IdP session and answer a signed
 * LogoutResponse, by Redirect when the SP publishes a Redirect SLO endpoint, else by POST.
 */
export async function handleLogoutRequest(
  ctx: IdpContext,
  req: Request,
  res: Response,
  msg: IncomingMessage,
): Promise<void> {
  const flow = flowFromCookieHeader(req.headers.cookie);
  let r: ParsedLogoutRequest;
  try {
    r = parseLogoutRequest(msg, (issuer) => ctx.peers.get(issuer)?.sp.certs.signing ?? []);
  } catch (e) {
    return failOnInput(ctx, req, res, e, 'LogoutRequest');
  }
  ctx.trace.record({
    flow,
    direction: 'in',
    from: 'SP',
    to: 'IdP',
    kind: 'LogoutRequest',
    binding: msg.binding,
    method: req.method,
    url: clippedUrl(req),
    relayState: msg.relayState,
    raw: msg.raw,
    decoded: msg.xml,
    info: {
      id: r.id,
      issuer: r.issuer ?? null,
      nameId: r.nameId ?? null,
      sessionIndexes: r.sessionIndexes,
      signature: r.signature,
    },
  });
  const sp = ctx.peers.get(r.issuer);
  if (!sp) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'unknown-sp',
      title: 'Unknown service provider',
      detail: `LogoutRequest Issuer "${r.issuer ?? ''}" is not a trusted SP of this IdP`,
    });
  }
  if (r.signature.present && !r.signature.valid) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'bad-signature',
      title: 'LogoutRequest refused',
      detail: `LogoutRequest signature invalid: ${r.signature.detail}`,
    });
  }
  const ended = ctx.sessions.signOut(ctx.sessions.get(req), r.sessionIndexes);

  const redirect = pickEndpoint(sp.sp.sloServices, 'redirect');
  const post = pickEndpoint(sp.sp.sloServices, 'post');
  const endpoint = redirect ?? post;
  if (!endpoint) {
    ctx.trace.record({
      flow,
      direction: 'out',
      from: 'IdP',
      to: 'Browser',
      kind: 'SignedOut',
      info: { sessionsEnded: ended },
    });
    return signedOutPage(ctx, res);
  }
  const destination = endpoint.responseLocation ?? endpoint.location;
  const { signatureAlgorithm, digestAlgorithm } = ctx.scenario.idp.signing;
  const input = { issuer: ctx.entityId, destination, inResponseTo: r.id, now: ctx.now() };
  let xml: string;
  let raw: string;
  if (redirect) {
    xml = logoutResponseXml(input).xml;
    raw = buildRedirectQuery('SAMLResponse', xml, msg.relayState, {
      key: ctx.signing.key,
      algorithm: signatureAlgorithm,
    });
    res.redirect(302, `${destination}${destination.includes('?') ? '&' : '?'}${raw}`);
  } else {
    xml = signedLogoutResponseXml(input, ctx.signing, signatureAlgorithm, digestAlgorithm);
    raw = encodePostMessage(xml);
    res
      .type('html')
      .send(autoPostForm(destination, { SAMLResponse: raw, RelayState: msg.relayState }, 'Continue'));
  }
  ctx.trace.record({
    flow,
    direction: 'out',
    from: 'IdP',
    to: 'SP',
    kind: 'LogoutResponse',
    binding: redirect ? 'HTTP-Redirect' : 'HTTP-POST',
    method: redirect ? 'GET' : 'POST',
    url: destination,
    relayState: msg.relayState,
    raw,
    decoded: xml,
    info: { inResponseTo: r.id, sp: sp.entityId, sessionsEnded: ended },
  });
}

/** A LogoutResponse arriving here answers nothing this IdP sent; it is traced and acknowledged. */
export function handleLogoutResponse(
  ctx: IdpContext,
  req: Request,
  res: Response,
  msg: IncomingMessage,
): void {
  let issuer: string | undefined;
  try {
    const root = expectRoot(
      parseUntrustedXml(msg.xml, 'SAMLResponse'),
      NS.samlp,
      'LogoutResponse',
      'SAMLResponse',
    );
    issuer = firstChild(root, NS.saml, 'Issuer')?.textContent?.trim();
  } catch (e) {
    failOnInput(ctx, req, res, e, 'LogoutResponse');
    return;
  }
  ctx.trace.record({
    flow: flowFromCookieHeader(req.headers.cookie),
    direction: 'in',
    from: 'SP',
    to: 'IdP',
    kind: 'LogoutResponse',
    binding: msg.binding,
    method: req.method,
    url: clippedUrl(req),
    relayState: msg.relayState,
    raw: msg.raw,
    decoded: msg.xml,
    info: { issuer: issuer ?? null },
  });
  signedOutPage(ctx, res);
}
