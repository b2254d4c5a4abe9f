import type { Element } from '@xmldom/xmldom';
import type { Express, Request, Response } from 'express';
import {
  decodePostMessage,
  decodeRedirectMessage,
  verifyRedirectSignature,
} from '../../../lib/saml/bindings.ts';
import { SamlInputError } from '../../../lib/saml/errors.ts';
import { newSamlId } from '../../../lib/saml/ids.ts';
import { buildLogoutResponse } from '../../../lib/saml/logout/build-logout-response.ts';
import { NS, STATUS } from '../../../lib/saml/namespaces.ts';
import { childElements, expectRoot, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';
import { errorPage } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { clearSessionCookie, currentSession, rawQuery, singleParam } from '../http.ts';
import { deliver, signedOutPage, traceOutgoing } from '../logout-delivery.ts';
import { sendLogoutMessage } from '../logout-messages.ts';
import { sloEndpoint, type TrustedIdp } from '../peers.ts';
import { inflateAndParseUncapped } from './uncapped-inflate.ts';

/**
 * The SingleLogoutService (Redirect and POST): LogoutResponses to this SP's requests, and
 * IdP-initiated LogoutRequests, which must carry a valid signature of the IdP.
 */
export function mountSlo(app: Express, ctx: SpContext): void {
  app.all('/slo', async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      next();
      return;
    }
    try {
      if (req.method === 'GET' && ctx.has('inflate-unbounded')) {
        const value = singleParam(req.query, 'SAMLRequest') ?? singleParam(req.query, 'SAMLResponse');
        if (value !== undefined) await inflateAndParseUncapped(value);
      }
      handleSlo(ctx, req, res);
    } catch (e) {
      if (e instanceof SamlInputError) {
        ctx.record(req, {
          direction: 'in',
          from: 'IdP',
          to: 'SP',
          kind: 'Error',
          binding: req.method === 'GET' ? 'HTTP-Redirect' : 'HTTP-POST',
          method: req.method,
          url: ctx.urls.slo,
          info: { code: e.code, error: e.message },
        });
        res
          .status(e.code === 'too-large' ? 413 : 400)
          .type('html')
          .send(errorPage('Bad SAML message', e.code, e.message));
        return;
      }
      next(e);
    }
  });
}

function handleSlo(ctx: SpContext, req: Request, res: Response): void {
  const isGet = req.method === 'GET';
  const source = isGet ? req.query : req.body;
  const samlRequest = singleParam(source, 'SAMLRequest');
  const samlResponse = singleParam(source, 'SAMLResponse');
  const relayState = singleParam(source, 'RelayState');
  if ((samlRequest === undefined) === (samlResponse === undefined)) {
    throw new SamlInputError('missing-parameter', 'expected exactly one of SAMLRequest or SAMLResponse');
  }
  const param = samlRequest !== undefined ? 'SAMLRequest' : 'SAMLResponse';
  const value = (samlRequest ?? samlResponse)!;
  const xml = isGet ? decodeRedirectMessage(value, param) : decodePostMessage(value, param);
  const doc = parseUntrustedXml(xml, param);
  const root = expectRoot(doc, NS.samlp, param === 'SAMLRequest' ? 'LogoutRequest' : 'LogoutResponse', param);
  const issuer = firstChild(root, NS.saml, 'Issuer')?.textContent ?? '';
  const idp = ctx.peers.get(issuer);
  const signature = idp
    ? checkSignature(req, isGet, xml, root, idp)
    : { present: false, valid: false, detail: `Issuer "${issuer}" is not a trusted IdP` };
  const base = {
    direction: 'in' as const,
    from: 'IdP',
    to: 'SP',
    binding: isGet ? ('HTTP-Redirect' as const) : ('HTTP-POST' as const),
    method: req.method,
    url: ctx.urls.slo,
    relayState,
    raw: isGet ? rawQuery(req) : value,
    decoded: xml,
  };

  if (param === 'SAMLResponse') {
    const irt = root.getAttribute('InResponseTo') ?? '';
    const pending = ctx.pendingLogouts.get(irt);
    const status = firstChild(
      firstChild(root, NS.samlp, 'Status') ?? root,
      NS.samlp,
      'StatusCode',
    )?.getAttribute('Value');
    ctx.record(req, {
      ...base,
      kind: 'LogoutResponse',
      info: { inResponseTo: irt, matched: !!pending, status, signature },
    });
    if (!pending || pending.idp !== issuer) {
      res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'Logout response not expected',
            'slo-inresponseto',
            `InResponseTo "${irt}" names no LogoutRequest this SP sent to ${issuer}`,
          ),
        );
      return;
    }
    ctx.pendingLogouts.delete(irt);
    // SAML profiles 4.4.4.2: a LogoutResponse by a front-channel binding must carry the IdP's signature.
    if (!signature.valid) {
      res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'Logout response refused',
            'slo-signature',
            `the LogoutResponse must be signed: ${signature.detail}`,
          ),
        );
      return;
    }
    const note =
      status === STATUS.success
        ? 'The IdP confirmed the sign-out.'
        : `The IdP answered with status ${status ?? '(none)'}.`;
    res.status(200).type('html').send(signedOutPage(note));
    return;
  }

  const nameId = firstChild(root, NS.saml, 'NameID')?.textContent ?? '';
  const sessionIndexes = childElements(root, NS.samlp, 'SessionIndex').map((s) => s.textContent ?? '');
  const destination = root.getAttribute('Destination');
  const refuse = (check: string, detail: string) => {
    ctx.record(req, {
      ...base,
      kind: 'LogoutRequest',
      info: { accepted: false, nameId, signature, error: detail },
    });
    res
      .status(403)
      .type('html')
      .send(errorPage('Logout request rejected', check, detail));
  };
  if (!idp) {
    refuse('slo-issuer', signature.detail);
    return;
  }
  if (!signature.valid && !ctx.has('accept-unsigned-logout')) {
    refuse('slo-signature', `an IdP-initiated LogoutRequest must be signed: ${signature.detail}`);
    return;
  }
  if (destination && destination !== ctx.urls.slo) {
    refuse('slo-destination', `Destination: expected ${ctx.urls.slo}, got ${destination}`);
    return;
  }
  const ended = ctx.has('slo-ignores-idp-request')
    ? []
    : ctx.has('slo-first-session-by-nameid')
      ? ctx.sessions.findSignedIn(idp.entityId, nameId, []).slice(0, 1)
      : ctx.sessions.findSignedIn(idp.entityId, nameId, sessionIndexes);
  const mine = currentSession(ctx, req);
  if (ctx.has('logout-ignores-nameid') && mine?.login && !ended.some((s) => s.id === mine.id))
    ended.push(mine);
  for (const s of ended) ctx.sessions.destroy(s.id);
  if (!mine || ended.some((s) => s.id === mine.id)) clearSessionCookie(ctx, res);
  ctx.record(req, {
    ...base,
    kind: 'LogoutRequest',
    info: { accepted: true, nameId, sessionIndexes, sessionsEnded: ended.length, signature },
  });

  const slo = sloEndpoint(idp);
  if (!slo) {
    res.status(200).type('html').send(signedOutPage('Signed out of this SP.'));
    return;
  }
  const to = slo.endpoint.responseLocation ?? slo.endpoint.location;
  const inResponseTo = ctx.has('slo-response-wrong-inresponseto')
    ? newSamlId()
    : (root.getAttribute('ID') ?? '');
  const sent = sendLogoutMessage(
    'SAMLResponse',
    (id) =>
      buildLogoutResponse({
        id,
        destination: to,
        issuer: ctx.urls.entityId,
        inResponseTo,
        issueInstant: ctx.opts.clock(),
      }).xml,
    { location: to, binding: slo.binding },
    { key: ctx.signingKey, certPem: ctx.key.certPem },
    relayState,
  );
  traceOutgoing(ctx, req, 'LogoutResponse', sent, {
    inResponseTo,
    idp: idp.entityId,
  });
  deliver(res, sent);
}

/** The message's own signature checked against the IdP's metadata keys; `present` tells unsigned from forged. */
function checkSignature(
  req: Request,
  isGet: boolean,
  xml: string,
  root: Element,
  idp: TrustedIdp,
): { present: boolean; valid: boolean; detail: string } {
  if (isGet) {
    // verifyRedirectSignature percent-decodes SigAlg and Signature itself and throws on bad escapes.
    try {
      const r = verifyRedirectSignature(rawQuery(req), idp.signingCerts);
      return { present: r.present, valid: r.valid, detail: r.detail };
    } catch (e) {
      return { present: true, valid: false, detail: `the query cannot be read: ${(e as Error).message}` };
    }
  }
  const rootId = root.getAttribute('ID') ?? '';
  const own = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: idp.signingCerts }).find(
    (v) => v.parent === root.localName && v.parentId === rootId,
  );
  return own
    ? { present: true, valid: own.valid, detail: own.detail }
    : { present: false, valid: false, detail: 'the message carries no signature' };
}
