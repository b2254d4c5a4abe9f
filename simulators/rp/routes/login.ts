import type { Express, Response } from 'express';
import { errorPage } from '../../shared/pages.ts';
import { authenticationRequest } from '../authorization-request.ts';
import type { RpContext } from '../context.ts';
import { currentSession, setSessionCookie } from '../http.ts';
import { RuleRefusal } from '../rules/rule.ts';

export function noOpConfigured(res: Response): void {
  res
    .status(409)
    .type('html')
    .send(
      errorPage(
        'No OpenID Provider configured',
        'op-configured',
        'this RP has no OP to sign in with yet: POST its settings (RpOpSettings JSON) to /__accord/op',
      ),
    );
}

export function signInRefused(res: Response, e: RuleRefusal): void {
  res
    .status(400)
    .type('html')
    .send(errorPage('Sign-in refused', e.rule, e.reason));
}

/** GET /login: starts the authorization code flow at the configured OP. */
export function mountLogin(app: Express, ctx: RpContext): void {
  app.get('/login', async (req, res) => {
    const op = ctx.op;
    if (!op) return noOpConfigured(res);
    const begun = await authenticationRequest({
      op,
      redirectUri: ctx.urls.redirectUri,
      scope: op.settings.scope,
      defects: ctx.defects,
      now: ctx.now(),
    });
    if (begun instanceof RuleRefusal) {
      ctx.record(req, {
        direction: 'in',
        from: 'Browser',
        to: 'RP',
        kind: 'Error',
        info: { rule: begun.rule, error: begun.reason },
      });
      return signInRefused(res, begun);
    }
    const { url, pending } = begun;
    let session = currentSession(ctx, req);
    if (!session) {
      session = ctx.sessions.create();
      setSessionCookie(ctx, res, session);
    }
    ctx.sessions.addPending(session, pending);
    ctx.record(req, {
      direction: 'out',
      from: 'RP',
      to: 'OP',
      kind: 'AuthenticationRequest',
      binding: 'HTTP-Redirect',
      method: 'GET',
      url: url.href,
      info: Object.fromEntries(url.searchParams),
    });
    res.redirect(302, url.href);
  });
}
