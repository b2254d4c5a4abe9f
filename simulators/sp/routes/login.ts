import type { Express, Request, Response } from 'express';
import {
  authnRequestPost,
  authnRequestRedirect,
} from '../../../lib/saml/authn-request/build-authn-request.ts';
import { autoPostForm } from '../../../lib/saml/bindings.ts';
import { errorPage } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { sessionFor, setSessionCookie, singleParam } from '../http.ts';
import { startsOidcSignIn } from '../oidc/login-hook.ts';
import { ssoEndpoint } from '../peers.ts';
import { MAX_RELAY_STATE_BYTES } from '../relay-state.ts';

/*
 * SP-initiated SSO. Seed (ADFS integration): "Cisco Webex Teams supports the following bindings:
 * SP initiated POST -> POST binding, SP initiated REDIRECT -> POST binding".
 */
export function mountLogin(app: Express, ctx: SpContext): void {
  app.get('/login', (req, res) => {
    const relayState = singleParam(req.query, 'RelayState');
    const idpId = singleParam(req.query, 'idp');
    if (startsOidcSignIn(ctx, idpId, req, res, relayState)) return;
    const idp = ctx.peers.pick(idpId);
    if (!idp) {
      const detail = idpId
        ? `no trusted IdP has entityID ${idpId}`
        : 'no IdP is trusted yet: POST its metadata to /__accord/peers';
      res
        .status(idpId ? 400 : 409)
        .type('html')
        .send(errorPage('Cannot start sign-in', 'no-idp', detail));
      return;
    }
    beginSamlSignIn(ctx, idp.entityId, req, res, relayState);
  });
}

/**
 * Sends the browser to the trusted SAML IdP `idpId` with an AuthnRequest, by the binding the query
 * asks for (`binding`), else HTTP-Redirect when the IdP offers it. A `test` sign-in ("Test SSO
 * setup") is remembered so that its Response is reported, not signed in.
 */
export function beginSamlSignIn(
  ctx: SpContext,
  idpId: string,
  req: Request,
  res: Response,
  relayState?: string,
  options: { test?: boolean } = {},
): void {
  const binding = singleParam(req.query, 'binding');
  if (binding !== undefined && binding !== 'redirect' && binding !== 'post') {
    res
      .status(400)
      .type('html')
      .send(
        errorPage('Bad login request', 'binding', `binding must be "redirect" or "post", got "${binding}"`),
      );
    return;
  }
  if (relayState !== undefined && Buffer.byteLength(relayState, 'utf8') > MAX_RELAY_STATE_BYTES) {
    res
      .status(400)
      .type('html')
      .send(
        errorPage(
          'Bad login request',
          'relay-state',
          `RelayState is longer than ${MAX_RELAY_STATE_BYTES} bytes (SAML bindings 3.4.3)`,
        ),
      );
    return;
  }
  const idp = ctx.peers.get(idpId);
  if (!idp) {
    res
      .status(400)
      .type('html')
      .send(errorPage('Cannot start sign-in', 'no-idp', `no trusted IdP has entityID ${idpId}`));
    return;
  }
  const asked =
    (binding as 'redirect' | 'post' | undefined) ?? (ssoEndpoint(idp, 'redirect') ? 'redirect' : 'post');
  const chosen = ctx.has('post-as-redirect') && ssoEndpoint(idp, 'redirect') ? 'redirect' : asked;
  const endpoint = ssoEndpoint(idp, chosen);
  if (!endpoint) {
    res
      .status(400)
      .type('html')
      .send(
        errorPage(
          'Cannot start sign-in',
          'binding',
          `IdP ${idp.entityId} has no SingleSignOnService for HTTP-${chosen === 'redirect' ? 'Redirect' : 'POST'}`,
        ),
      );
    return;
  }
  const u = ctx.urls;
  const fields = {
    destination: ctx.has('wrong-request-destination')
      ? `${endpoint.location.replace(/\/+$/, '')}/not-this-endpoint`
      : endpoint.location,
    issuer: ctx.has('wrong-request-issuer') ? `${u.base}/idb/wrong-issuer` : u.entityId,
    acsUrl: ctx.has('bad-acs-url') ? u.unlistedAcs : u.acs,
  };
  const signing = ctx.has('unsigned-requests')
    ? undefined
    : { key: ctx.signingKey, certPem: ctx.key.certPem, algorithm: 'rsa-sha256' as const };
  const session = sessionFor(ctx, req);
  setSessionCookie(ctx, res, session);

  const redirect = chosen === 'redirect';
  const sent = redirect
    ? authnRequestRedirect(fields, relayState, signing)
    : authnRequestPost(fields, relayState, signing);
  ctx.sessions.addRequest(session, sent.id, {
    idp: idp.entityId,
    relayState,
    at: ctx.opts.clock().getTime(),
  });
  if (options.test) ctx.routing.markTest(sent.id);
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'IdP',
    kind: 'AuthnRequest',
    binding: redirect ? 'HTTP-Redirect' : 'HTTP-POST',
    method: redirect ? 'GET' : 'POST',
    url: endpoint.location,
    relayState,
    raw: 'query' in sent ? sent.query : sent.samlRequest,
    decoded: sent.xml,
    info: {
      id: sent.id,
      idp: idp.entityId,
      signed: signing !== undefined,
      ...(options.test ? { test: true } : {}),
    },
  });
  if ('query' in sent) {
    // The request goes to the real endpoint even when its Destination names another one.
    res.redirect(302, `${endpoint.location}${endpoint.location.includes('?') ? '&' : '?'}${sent.query}`);
    return;
  }
  const form = autoPostForm(
    endpoint.location,
    { SAMLRequest: sent.samlRequest, RelayState: relayState },
    'Continue to sign in',
  );
  res.status(200).type('html').send(form);
}
