import type { Express } from 'express';
import { endSessionUrl, logoutSent, signedOutPage } from '../../rp/end-session.ts';
import type { SpContext } from '../context.ts';
import { clearSessionCookie, currentSession } from '../http.ts';
import { oidcIdps } from './oidc-idps.ts';
import { oidcSessions } from './oidc-sessions.ts';
import { oidcUrls } from './urls.ts';

/**
 * GET /logout of a browser signed in through an OIDC IdP: RP-Initiated Logout 1.0 (2, 3). The
 * session ends here first, then the browser goes to the IdP's end_session_endpoint as the
 * reference RP sends it (end-session.ts); an IdP without one ends the sign-in here only. A
 * browser signed in through SAML goes on to the SAML logout.
 */
export function mountOidcLogout(app: Express, ctx: SpContext): void {
  app.get('/logout', async (req, res, next) => {
    const session = currentSession(ctx, req);
    const signIn = oidcSessions(ctx).signInOf(session?.id);
    if (!session || !signIn) return next();
    ctx.sessions.destroy(session.id);
    oidcSessions(ctx).end(session.id);
    clearSessionCookie(ctx, res);
    const op = oidcIdps(ctx).connection(signIn.idp);
    const endSession = op
      ? await endSessionUrl(op, {
          idToken: signIn.idToken,
          postLogoutRedirectUri: oidcUrls(ctx).postLogoutRedirectUri,
          defects: oidcIdps(ctx).rpDefects,
        })
      : undefined;
    const to = endSession?.href ?? oidcUrls(ctx).postLogoutRedirectUri;
    ctx.record(req, {
      ...logoutSent('SP', to, endSession),
      info: { idp: signIn.idp, sub: signIn.sub, sid: signIn.sid, user: session.login?.email },
    });
    res.redirect(302, to);
  });

  app.get('/oidc/logged-out', (req, res) => {
    ctx.record(req, { direction: 'in', from: 'OP', to: 'SP', kind: 'LogoutResponse', method: 'GET' });
    res.status(200).type('html').send(signedOutPage('the reference SP and of your OpenID Connect IdP'));
  });
}
