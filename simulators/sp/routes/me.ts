import type { Express, Request, Response } from 'express';
import { errorPage, escapeHtml, page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { currentSession } from '../http.ts';
import { organisationIdps } from '../routing/admin-routes.ts';

/** JSON safe inside a script element: no '<' can close it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const NOT_SIGNED_IN = 'no signed-in session on this SP; start at /login';

/**
 * The logout defects send a signed-out browser to sign in again, as most applications do: the IdP's
 * live session then signs the user straight back in, which a logout check must not take for a
 * session that survived.
 */
const SIGN_IN_AGAIN = ['accept-unsigned-logout', 'logout-ignores-nameid'];

/**
 * The signed-in page shows who is signed in, as the identity service knows them; what the IdP
 * asserted is one link further. Kept apart so the page names only the user the session belongs
 * to: a test that looks for the asserted email finds it only when that user is the one signed in.
 */
export function mountMe(app: Express, ctx: SpContext): void {
  const row = (k: string, v: string | undefined, id?: string) =>
    `<tr><th>${escapeHtml(k)}</th><td${id ? ` id="${id}"` : ''}>${escapeHtml(v ?? '')}</td></tr>`;

  /** The session's login, or undefined after answering 401: both pages are for a signed-in user only. */
  const signedIn = (req: Request, res: Response) => {
    const login = currentSession(ctx, req)?.login;
    if (!login && SIGN_IN_AGAIN.some((d) => ctx.has(d))) {
      res.redirect(303, `/login?RelayState=${encodeURIComponent(req.originalUrl)}`);
      return undefined;
    }
    if (!login)
      res
        .status(401)
        .type('html')
        .send(errorPage('Not signed in', 'not-signed-in', NOT_SIGNED_IN));
    return login;
  };

  app.get('/me', (req, res) => {
    const login = signedIn(req, res);
    if (!login) return;
    const user = ctx.users.findByUid(login.email);
    const body = `<h1>Signed in</h1>
<div class="ok" id="accord-user" data-email="${escapeHtml(login.email)}" data-idp="${escapeHtml(login.idp)}">
<p>Signed in as <strong>${escapeHtml(user?.displayName ?? login.email)}</strong> through ${escapeHtml(login.idp)}.</p></div>
<h2>User</h2><table>
${row('Email (uid)', login.email, 'user-email')}
${row('First name', user?.firstName, 'user-first-name')}
${row('Last name', user?.lastName, 'user-last-name')}
${row('Display name', user?.displayName, 'user-display-name')}
${row('Groups', user?.groups.join(', '), 'user-groups')}
${row('Group external IDs', user?.groupExternalIds.join(', '), 'user-group-external-ids')}
${row('External ID', user?.externalId, 'user-external-id')}
${row('Created by', user?.source, 'user-source')}
</table>
<p><a id="assertion" href="/me/assertion">What the IdP asserted</a> · <a id="logout" href="/logout">Logout</a></p>`;
    res.status(200).type('html').send(page('Signed in', body));
  });

  app.get('/me/assertion', (req, res) => {
    const login = signedIn(req, res);
    if (!login) return;
    const attrs = Object.entries(login.attributes)
      .map(([k, vs]) => `<tr><th>${escapeHtml(k)}</th><td>${vs.map(escapeHtml).join('<br>')}</td></tr>`)
      .join('');
    const body = `<h1>What the IdP asserted</h1>
<h2>Assertion</h2><table>
${row('IdP', login.idp, 'session-idp')}
${row('NameID', login.nameId, 'session-nameid')}
${row('NameID Format', login.nameIdFormat, 'session-nameid-format')}
${row('SessionIndex', login.sessionIndex, 'session-index')}
</table>
<h2>Attributes</h2><table id="attributes">${attrs}</table>
<p><a href="/me">Back</a></p>
<script type="application/json" id="accord-echo">${scriptJson({ nameId: login.nameId, idp: login.idp, attributes: login.attributes })}</script>`;
    res.status(200).type('html').send(page('Assertion', body));
  });

  app.get('/', (_req, res) => {
    const u = ctx.urls;
    // Seed, "Test SSO setup": a sign-in against one IdP, in a new tab, that changes nothing.
    const idps = organisationIdps(ctx)
      .map(({ id, kind }) => {
        const q = encodeURIComponent(id);
        const signIn = kind === 'saml' ? `<a href="/login?idp=${q}">${escapeHtml(id)}</a>` : escapeHtml(id);
        return `<li>${signIn} (${kind}) <a href="/test-sso?idp=${q}" target="_blank" rel="noopener">Test SSO setup</a></li>`;
      })
      .join('');
    res.type('html').send(
      page(
        `Accord reference SP (${ctx.opts.name})`,
        `<h1>Accord reference SP</h1><p>entityID <code>${escapeHtml(u.entityId)}</code></p>
<ul><li><a href="/login">Sign in (HTTP-Redirect)</a></li><li><a href="/login?binding=post">Sign in (HTTP-POST)</a></li>
<li><a href="/me">Signed-in page</a></li><li><a href="/${escapeHtml(u.metadataFileName)}">Download metadata</a></li></ul>
<p><a href="/signin">Sign in with your email address</a> (routing rules choose the IdP)</p>
<h2>IdPs of the organisation</h2><ul>${idps}</ul><p>Add a SAML IdP: POST its metadata to /__accord/peers.</p>`,
      ),
    );
  });
}
