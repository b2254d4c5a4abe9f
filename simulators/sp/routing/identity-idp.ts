import type { Request, Response } from 'express';
import { BUILT_IN_IDP } from '../../../lib/routing/rules.ts';
import { errorPage, escapeHtml, page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { sessionFor, setSessionCookie, singleParam } from '../http.ts';
import { provisionUser } from '../provision-user.ts';
import { safeLocalPath } from '../relay-state.ts';
import { type IdentityUser, identityUsers } from './identity-users.ts';
import { finishTestSso } from './test-sso-result.ts';

/** Where the built-in identity IdP (local password sign-in) asks for the password. */
export const IDENTITY_LOGIN_PATH = '/identity/login';

const MAX_PASSWORD = 256;
const MAX_EMAIL = 254;

/** Marks a password sign-in where a SAML login would hold the NameID Format. */
export const IDENTITY_SUBJECT_FORMAT = 'identity:email';

/**
 * The built-in identity IdP: the organisation's own password sign-in, the IdP of addresses routed
 * to it (seed: IdPs are "SAML, OpenID Connect, and Webex Identity"). It knows only its users
 * (PUT /__accord/routing/identity-users), whose passwords it keeps hashed.
 */
export function beginIdentitySignIn(
  ctx: SpContext,
  _idpId: string,
  req: Request,
  res: Response,
  relayState?: string,
  options: { test?: boolean; email?: string } = {},
): void {
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'SP',
    kind: 'Redirect',
    method: 'GET',
    url: `${ctx.urls.base}${IDENTITY_LOGIN_PATH}`,
    info: { idp: BUILT_IN_IDP, email: options.email, test: options.test === true },
  });
  const q = new URLSearchParams({
    ...(options.email ? { email: options.email } : {}),
    ...(relayState ? { RelayState: relayState } : {}),
    ...(options.test ? { test: '1' } : {}),
  });
  res.redirect(303, `${IDENTITY_LOGIN_PATH}${q.size > 0 ? `?${q}` : ''}`);
}

/** The password form; what routing carried (address, RelayState, a Test SSO mark) rides along. */
export function identityLoginPage(query: unknown): string {
  const hidden = ['RelayState', 'test']
    .map((name) => [name, singleParam(query, name)] as const)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => `<input type="hidden" name="${name}" value="${escapeHtml(v!)}">`)
    .join('');
  return page(
    'Sign in',
    `<h1>Sign in with your password</h1><div id="accord-identity-idp">
<form method="post" action="${IDENTITY_LOGIN_PATH}"><label>Email <input id="email" name="email" value="${escapeHtml(singleParam(query, 'email') ?? '')}"></label>
<label>Password <input id="password" name="password" type="password"></label>${hidden}<button type="submit">Sign in</button></form></div>`,
  );
}

/**
 * POST of the password form. A wrong password or an unknown address is refused alike (401), an
 * absent field named (400); the right one signs in as an IdP's Response does: the same
 * provisioning (the identity IdP's users are the organisation's own, so they are created or
 * updated there), a new session, /me or the RelayState's local path. A Test SSO sign-in only reports.
 */
export async function identitySignIn(ctx: SpContext, req: Request, res: Response): Promise<void> {
  const url = `${ctx.urls.base}${IDENTITY_LOGIN_PATH}`;
  const email = singleParam(req.body, 'email')?.trim();
  const password = singleParam(req.body, 'password');
  const missing = !email ? 'email' : !password ? 'password' : undefined;
  if (missing || !email || !password) {
    res
      .status(400)
      .type('html')
      .send(errorPage('Sign-in failed', missing ?? 'email', `enter your ${missing ?? 'email'}`));
    return;
  }
  // The admin API takes passwords of at most 256 characters: a longer one is no one's, and would
  // only make the hash work harder.
  if (password.length > MAX_PASSWORD || email.length > MAX_EMAIL) {
    const field = password.length > MAX_PASSWORD ? 'password' : 'email';
    res
      .status(400)
      .type('html')
      .send(errorPage('Sign-in failed', field, `the ${field} is longer than any this IdP keeps`));
    return;
  }
  const user = await identityUsers(ctx).verify(email, password);
  const test = singleParam(req.body, 'test') === '1';
  ctx.record(req, {
    direction: 'in',
    from: 'Browser',
    to: 'SP',
    kind: 'PasswordSignIn',
    method: 'POST',
    url,
    info: { idp: BUILT_IN_IDP, email, accepted: user !== undefined, test },
  });
  if (!user) {
    res
      .status(401)
      .type('html')
      .send(
        errorPage(
          'Sign-in failed',
          'password',
          `the email address or the password is wrong: the organisation's identity IdP has no user ${email} with that password`,
        ),
      );
    return;
  }
  if (test) {
    finishTestSso(ctx, res, BUILT_IN_IDP, user.email);
    return;
  }
  const attributes = identityAttributes(ctx, user);
  const provisioned = provisionUser(
    ctx,
    { nameId: user.email, nameIdFormat: IDENTITY_SUBJECT_FORMAT, attributes, issuer: BUILT_IN_IDP },
    BUILT_IN_IDP,
    { create: true, update: ctx.opts.jit.update },
  );
  if (!provisioned.ok) {
    res
      .status(403)
      .type('html')
      .send(errorPage('Sign-in failed', provisioned.code, provisioned.detail));
    return;
  }
  const signedIn = ctx.sessions.rotate(sessionFor(ctx, req));
  signedIn.login = {
    email: provisioned.user.email,
    idp: BUILT_IN_IDP,
    nameId: user.email,
    nameIdFormat: IDENTITY_SUBJECT_FORMAT,
    attributes,
    at: ctx.opts.clock().getTime(),
  };
  setSessionCookie(ctx, res, signedIn);
  const target = safeLocalPath(singleParam(req.body, 'RelayState')) || '/me';
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'Browser',
    kind: 'SignedIn',
    info: { idp: BUILT_IN_IDP, user: provisioned.user.email, jit: provisioned.jit, redirectTo: target },
  });
  res.status(303).location(target).end();
}

/** The user as attributes, named as the SP's attribute mapping reads them (uid, or its email attribute). */
function identityAttributes(ctx: SpContext, user: IdentityUser): Record<string, string[]> {
  const one = (v: string | undefined) => (v ? [v] : []);
  return Object.fromEntries(
    Object.entries({
      uid: [user.email],
      [ctx.opts.emailAttribute]: [user.email],
      givenName: one(user.firstName),
      surname: one(user.lastName),
      displayName: one(user.displayName),
      groups: user.groups ?? [],
    }).filter(([, v]) => v.length > 0),
  );
}
