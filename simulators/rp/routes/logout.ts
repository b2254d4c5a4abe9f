import type { Express } from 'express';
import type { RpContext } from '../context.ts';
import { endSessionUrl, logoutSent, signedOutPage } from '../end-session.ts';
import { clearSessionCookie, currentSession, singleParam } from '../http.ts';

/**
 * GET /logout, RP-Initiated Logout 1.0 (2, 3): the local session ends first, then the browser goes
 * to the OP's end_session_endpoint with id_token_hint, client_id, post_logout_redirect_uri and
 * state (end-session.ts). Without an end_session_endpoint (or with logout-local-only) it lands
 * on /logged-out.
 */
export function mountLogout(app: Express, ctx: RpContext): void {
  app.get('/logout', async (req, res) => {
    const session = currentSession(ctx, req);
    const signIn = session?.signIn;
    if (session) ctx.sessions.destroy(session.id);
    clearSessionCookie(ctx, res);
    const op = ctx.op;
    const endSession =
      signIn && op
        ? await endSessionUrl(op, {
            idToken: signIn.idToken,
            postLogoutRedirectUri: ctx.urls.postLogoutRedirectUri,
            defects: ctx.defects,
          })
        : undefined;
    const to = endSession?.href ?? ctx.urls.postLogoutRedirectUri;
    ctx.record(req, {
      ...logoutSent('RP', to, endSession),
      info: { signedIn: signIn !== undefined, sub: signIn?.sub, sid: signIn?.sid },
    });
    res.redirect(302, to);
  });

  app.get('/logged-out', (req, res) => {
    ctx.record(req, {
      direction: 'in',
      from: 'OP',
      to: 'RP',
      kind: 'LogoutResponse',
      method: 'GET',
      info: { state: singleParam(req.query, 'state') },
    });
    res.status(200).type('html').send(signedOutPage('the reference RP'));
  });
}
