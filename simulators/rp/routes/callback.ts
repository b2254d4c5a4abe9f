import type { Express } from 'express';
import type { RpContext } from '../context.ts';
import { currentSession, setSessionCookie, singleParam } from '../http.ts';
import { authorizationResponseOf } from '../rules/authorization-response.ts';
import { RuleRefusal } from '../rules/rule.ts';
import { completeCodeFlow } from '../sign-in.ts';
import { noOpConfigured, signInRefused } from './login.ts';

/** GET /callback, the redirect_uri: the authorization response ends here, signed in or refused. */
export function mountCallback(app: Express, ctx: RpContext): void {
  app.get('/callback', async (req, res) => {
    const op = ctx.op;
    if (!op) return noOpConfigured(res);
    const response = authorizationResponseOf((name) => singleParam(req.query, name));
    const session = currentSession(ctx, req);
    const callbackUrl = new URL(req.originalUrl, `${ctx.urls.base}/`);
    ctx.record(req, {
      direction: 'in',
      from: 'OP',
      to: 'RP',
      kind: 'AuthenticationResponse',
      binding: 'HTTP-Redirect',
      method: 'GET',
      url: callbackUrl.href,
      info: { ...response },
    });
    try {
      const signIn = await completeCodeFlow({
        op,
        defects: ctx.defects,
        skewSeconds: ctx.opts.skewSeconds,
        now: () => ctx.now(),
        callbackUrl,
        response,
        pending: session ? ctx.sessions.pending(session) : [],
        answered: (request) => {
          if (session) ctx.sessions.answered(session, request);
        },
        received: (jwt) =>
          ctx.record(req, {
            direction: 'in',
            from: 'OP',
            to: 'RP',
            kind: 'IdToken',
            raw: jwt.raw,
            decoded: JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2),
          }),
      });
      const signedIn = ctx.sessions.signIn(session ?? ctx.sessions.create(), signIn);
      setSessionCookie(ctx, res, signedIn);
      ctx.record(req, {
        direction: 'out',
        from: 'RP',
        to: 'Browser',
        kind: 'SignedIn',
        info: { sub: signIn.sub, sid: signIn.sid, email: signIn.user.email },
      });
      res.redirect(303, '/me');
    } catch (e) {
      if (!(e instanceof RuleRefusal)) throw e;
      ctx.record(req, {
        direction: 'out',
        from: 'RP',
        to: 'Browser',
        kind: 'Error',
        info: { rule: e.rule, error: e.reason },
      });
      signInRefused(res, e);
    }
  });
}
