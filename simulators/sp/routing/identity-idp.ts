import type { Request, Response } from 'express';
import { escapeHtml, page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';

/** Where the built-in identity IdP (local password sign-in) asks for the password. */
export const IDENTITY_LOGIN_PATH = '/identity/login';

/**
 * The built-in identity IdP: the organisation's own password sign-in, the IdP of addresses routed
 * to it. The reference SP keeps no passwords, so its form only shows where routing sent the user.
 */
export function beginIdentitySignIn(
  ctx: SpContext,
  _idpId: string,
  req: Request,
  res: Response,
  _relayState?: string,
  options: { test?: boolean; email?: string } = {},
): void {
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'SP',
    kind: 'Redirect',
    method: 'GET',
    url: `${ctx.urls.base}${IDENTITY_LOGIN_PATH}`,
    info: { idp: 'builtin', email: options.email, test: options.test === true },
  });
  const q = options.email ? `?${new URLSearchParams({ email: options.email })}` : '';
  res.redirect(303, `${IDENTITY_LOGIN_PATH}${q}`);
}

export function identityLoginPage(email: string | undefined): string {
  return page(
    'Sign in',
    `<h1>Sign in with your password</h1><div id="accord-identity-idp">
<form method="post" action="${IDENTITY_LOGIN_PATH}"><label>Email <input id="email" name="email" value="${escapeHtml(email ?? '')}"></label>
<label>Password <input id="password" name="password" type="password"></label><button type="submit">Sign in</button></form></div>`,
  );
}
