import type { Express } from 'express';
import { buildLogoutRequest } from '../../../lib/saml/logout/build-logout-request.ts';
import type { SpContext } from '../context.ts';
import { clearSessionCookie, currentSession } from '../http.ts';
import { deliver, signedOutPage, traceOutgoing } from '../logout-delivery.ts';
import { sendLogoutMessage } from '../logout-messages.ts';
import { sloEndpoint } from '../peers.ts';

/*
 * Seed (Control Hub): "We recommend that you include Single Log Out (SLO) to your metadata
 * configuration ... If this configuration is not performed by an administrator, then Webex alerts
 * users to close their browsers to invalidate any sessions left open."
 */
const CLOSE_BROWSER =
  'The IdP publishes no SingleLogoutService, so its session is still open: close your browser to end it.';

/** SP-initiated SLO: end the local session, then send a signed LogoutRequest to the IdP when it has an SLO endpoint. */
export function mountLogout(app: Express, ctx: SpContext): void {
  app.get('/logout', (req, res) => {
    const session = currentSession(ctx, req);
    const login = session?.login;
    if (!session || !login) {
      clearSessionCookie(ctx, res);
      res.status(200).type('html').send(signedOutPage('There was no signed-in session on this SP.'));
      return;
    }
    if (!ctx.has('slo-keeps-local-session')) {
      clearSessionCookie(ctx, res);
      ctx.sessions.destroy(session.id);
    }
    const idp = ctx.peers.get(login.idp);
    const slo = idp ? sloEndpoint(idp) : undefined;
    if (!idp || !slo) {
      ctx.record(req, {
        direction: 'out',
        from: 'SP',
        to: 'SP',
        kind: 'Logout',
        binding: 'none',
        info: { local: true, user: login.email },
      });
      res
        .status(200)
        .type('html')
        .send(signedOutPage(`Signed out of this SP. ${CLOSE_BROWSER}`));
      return;
    }
    const sent = sendLogoutMessage(
      'SAMLRequest',
      (id) =>
        buildLogoutRequest({
          id,
          destination: slo.endpoint.location,
          issuer: ctx.urls.entityId,
          issueInstant: ctx.opts.clock(),
          nameId: {
            value: login.nameId,
            format: login.nameIdFormat,
            nameQualifier: login.nameQualifier,
            spNameQualifier: login.spNameQualifier,
          },
          sessionIndex: ctx.has('slo-request-no-sessionindex') ? undefined : login.sessionIndex,
        }).xml,
      { location: slo.endpoint.location, binding: slo.binding },
      ctx.has('slo-request-unsigned') ? undefined : { key: ctx.signingKey, certPem: ctx.key.certPem },
    );
    ctx.pendingLogouts.set(sent.id, { idp: idp.entityId, at: ctx.opts.clock().getTime() });
    pruneLogouts(ctx);
    traceOutgoing(ctx, req, 'LogoutRequest', sent, {
      id: sent.id,
      idp: idp.entityId,
      nameId: login.nameId,
      sessionIndex: login.sessionIndex,
    });
    deliver(res, sent);
  });
}

const LOGOUT_TTL_MS = 30 * 60 * 1000;

function pruneLogouts(ctx: SpContext): void {
  const now = ctx.opts.clock().getTime();
  for (const [id, p] of ctx.pendingLogouts) if (now - p.at > LOGOUT_TTL_MS) ctx.pendingLogouts.delete(id);
}
