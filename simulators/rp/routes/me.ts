import type { Express, Request, Response } from 'express';
import { errorPage, escapeHtml, page } from '../../shared/pages.ts';
import type { RpContext } from '../context.ts';
import { currentSession } from '../http.ts';
import type { RpSignIn } from '../sessions.ts';

/** JSON safe inside a script element: no '<' can close it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/**
 * The claims as a table for people and as the JSON `login.echo` reads (`{"sub", "claims"}`), with
 * a way back to /me.
 */
export function claimsEcho(sub: string | undefined, claims: Record<string, unknown>): string {
  const rows = Object.entries(claims)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(JSON.stringify(v))}</td></tr>`)
    .join('');
  return `<table id="claims">${rows}</table>
<p><a href="/me">Back</a></p>
<script type="application/json" id="accord-echo">${scriptJson({ sub, claims })}</script>`;
}

/**
 * The claims the application was given: the ID token's and userinfo's, merged (userinfo last,
 * OIDC Core 5.3.2). The drops-claims defect hands over the ID token's alone.
 */
export function applicationClaims(signIn: RpSignIn, dropsUserinfo: boolean): Record<string, unknown> {
  return dropsUserinfo ? { ...signIn.idTokenClaims } : { ...signIn.idTokenClaims, ...signIn.userinfo };
}

/** The signed-in page names only the user the session belongs to; the claims are one link further. */
export function mountMe(app: Express, ctx: RpContext): void {
  const signedIn = (req: Request, res: Response) => {
    const signIn = currentSession(ctx, req)?.signIn;
    if (!signIn)
      res
        .status(401)
        .type('html')
        .send(
          errorPage('Not signed in', 'not-signed-in', 'no signed-in session on this RP; start at /login'),
        );
    return signIn;
  };

  app.get('/me', (req, res) => {
    const signIn = signedIn(req, res);
    if (!signIn) return;
    const { email, name } = signIn.user;
    const body = `<h1>Signed in</h1>
<div class="ok" id="accord-user" data-email="${escapeHtml(email ?? '')}">
<p>Signed in as <strong id="user-name">${escapeHtml(name ?? email ?? signIn.sub ?? '')}</strong>
(<span id="user-email">${escapeHtml(email ?? '')}</span>) through ${escapeHtml(signIn.iss)}.</p></div>
<p><a id="claims" href="/me/claims">What the OP asserted</a> · <a id="logout" href="/logout">Logout</a></p>`;
    res.status(200).type('html').send(page('Signed in', body));
  });

  app.get('/me/claims', (req, res) => {
    const signIn = signedIn(req, res);
    if (!signIn) return;
    const claims = applicationClaims(signIn, ctx.has('drops-claims'));
    const body = `<h1>What the OP asserted</h1>${claimsEcho(signIn.sub, claims)}`;
    res.status(200).type('html').send(page('Claims', body));
  });

  app.get('/', (_req, res) => {
    const op = ctx.op?.settings;
    const opText = op
      ? `<p>Signs in with <code>${escapeHtml(op.discoveryUrl ?? op.issuer ?? '')}</code> as client <code>${escapeHtml(op.clientId)}</code>.</p>`
      : '<p>No OP yet: POST its settings (JSON) to <code>/__accord/op</code>.</p>';
    res.type('html').send(
      page(
        `Accord reference RP (${ctx.opts.name})`,
        `<h1>Accord reference RP</h1>${opText}
<p>redirect_uri <code>${escapeHtml(ctx.urls.redirectUri)}</code>, post-logout <code>${escapeHtml(ctx.urls.postLogoutRedirectUri)}</code>, back-channel logout <code>${escapeHtml(ctx.urls.backchannelLogout)}</code></p>
<ul><li><a href="/login">Sign in</a></li><li><a href="/me">Signed-in page</a></li><li><a href="/logout">Logout</a></li></ul>`,
      ),
    );
  });
}
