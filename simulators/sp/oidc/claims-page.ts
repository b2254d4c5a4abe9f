import type { Express } from 'express';
import { applicationClaims, claimsEcho } from '../../rp/routes/me.ts';
import { errorPage, escapeHtml, page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { currentSession } from '../http.ts';
import { oidcSessions } from './oidc-sessions.ts';

/**
 * GET /oidc/claims: what an OIDC IdP asserted for this browser's sign-in, the ID token's and
 * userinfo's claims merged (OIDC Core 5.3.2), as the reference RP's claims page shows them; the
 * OIDC counterpart of /me/assertion.
 */
export function mountOidcClaims(app: Express, ctx: SpContext): void {
  app.get('/oidc/claims', (req, res) => {
    const session = currentSession(ctx, req);
    const signIn = oidcSessions(ctx).signInOf(session?.id);
    if (!signIn) {
      res
        .status(401)
        .type('html')
        .send(
          errorPage(
            'Not signed in',
            'not-signed-in',
            'no session signed in through an OpenID Connect IdP; start at /login',
          ),
        );
      return;
    }
    const claims = applicationClaims(signIn, ctx.has('drops-claims'));
    const body = `<h1>What the OpenID Connect IdP asserted</h1><p>IdP ${escapeHtml(signIn.idp)}</p>${claimsEcho(signIn.sub, claims)}`;
    res.status(200).type('html').send(page('Claims', body));
  });
}
