import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import * as oidc from 'openid-client';
import { RuleRefusal } from '../../rp/rules/rule.ts';
import { page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { clearSessionCookie, currentSession } from '../http.ts';
import { oidcIdps } from './oidc-idps.ts';
import { oidcSessions } from './oidc-sessions.ts';
import { oidcUrls } from './urls.ts';

/**
 * GET /logout of a browser signed in through an OIDC IdP: RP-Initiated Logout 1.0 (2, 3). The
 * session ends here first, then the browser goes to the IdP's end_session_endpoint with
 * id_token_hint, client_id, post_logout_redirect_uri and state; an IdP without one ends the
 * sign-in here only. A browser signed in through SAML goes on to the SAML logout.
 */
export function mountOidcLogout(app: Express, ctx: SpContext): void {
  app.get('/logout', async (req, res, next) => {
    const session = currentSession(ctx, req);
    const signIn = oidcSessions(ctx).signInOf(session?.id);
    if (!session || !signIn) return next();
    ctx.sessions.destroy(session.id);
    oidcSessions(ctx).end(session.id);
    clearSessionCookie(ctx, res);
    const idp = oidcIdps(ctx).get(signIn.idp);
    const op = oidcIdps(ctx).connection(signIn.idp);
    let endSession: URL | undefined;
    if (idp && op) {
      try {
        const config = await op.configuration();
        if (config.serverMetadata().end_session_endpoint)
          endSession = oidc.buildEndSessionUrl(config, {
            client_id: idp.op.clientId,
            id_token_hint: signIn.idToken,
            post_logout_redirect_uri: oidcUrls(ctx).postLogoutRedirectUri,
            state: randomBytes(16).toString('base64url'),
          });
      } catch (e) {
        // The IdP cannot be reached now: the session here is over all the same.
        if (!(e instanceof RuleRefusal)) throw e;
      }
    }
    const to = endSession?.href ?? oidcUrls(ctx).postLogoutRedirectUri;
    ctx.record(req, {
      direction: 'out',
      from: 'SP',
      to: endSession ? 'OP' : 'Browser',
      kind: endSession ? 'LogoutRequest' : 'LocalLogout',
      binding: 'HTTP-Redirect',
      method: 'GET',
      url: to,
      info: { idp: signIn.idp, sub: signIn.sub, sid: signIn.sid, user: session.login?.email },
    });
    res.redirect(302, to);
  });

  app.get('/oidc/logged-out', (req, res) => {
    ctx.record(req, { direction: 'in', from: 'OP', to: 'SP', kind: 'LogoutResponse', method: 'GET' });
    res
      .status(200)
      .type('html')
      .send(
        page(
          'Signed out',
          '<h1>Signed out</h1><div class="ok" id="accord-logged-out"><p>You are signed out of the reference SP and of your OpenID Connect IdP.</p></div><p><a href="/login">Sign in again</a></p>',
        ),
      );
  });
}
