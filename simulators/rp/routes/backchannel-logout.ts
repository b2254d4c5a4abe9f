import type { Express, Response } from 'express';
import type { RpContext } from '../context.ts';
import { RpInputError, singleParam } from '../http.ts';
import { judgeLogoutToken, postedLogoutToken } from '../logout-token-sessions.ts';
import { RuleRefusal } from '../rules/rule.ts';

/** Back-Channel Logout 1.0 2.8: 400 with an OAuth error body. */
export function refuseLogoutToken(res: Response, description: string): void {
  res.status(400).json({ error: 'invalid_request', error_description: description });
}

/**
 * POST /backchannel-logout (Back-Channel Logout 1.0 2.5-2.8): a logout token, validated fully,
 * ends exactly the sessions it names and is answered 200; anything else is answered 400.
 */
export function mountBackchannelLogout(app: Express, ctx: RpContext): void {
  app.post('/backchannel-logout', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (ctx.has('ignore-backchannel')) {
      res.status(200).end();
      return;
    }
    let raw: string | undefined;
    try {
      raw = req.is('application/x-www-form-urlencoded') ? singleParam(req.body, 'logout_token') : undefined;
    } catch (e) {
      if (!(e instanceof RpInputError)) throw e;
      return refuseLogoutToken(res, e.message);
    }
    const jwt = postedLogoutToken(raw);
    if ('problem' in jwt) return refuseLogoutToken(res, jwt.problem);
    const op = ctx.op;
    if (!op) return refuseLogoutToken(res, 'this RP has no OP configured, so it trusts no logout token');
    try {
      const verdict = await judgeLogoutToken(jwt, op, {
        nowMs: ctx.now(),
        skewSeconds: ctx.opts.skewSeconds,
        defects: ctx.defects,
      });
      const ended = 'ends' in verdict ? ctx.sessions.endWhere(verdict.ends) : 0;
      ctx.trace.record({
        direction: 'in',
        from: 'OP',
        to: 'RP',
        kind: 'LogoutToken',
        method: 'POST',
        url: ctx.urls.backchannelLogout,
        raw: jwt.raw,
        decoded: JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2),
        info:
          'refusal' in verdict ? { rule: verdict.refusal.rule, error: verdict.refusal.reason } : { ended },
      });
      if ('refusal' in verdict)
        return refuseLogoutToken(res, `${verdict.refusal.rule}: ${verdict.refusal.reason}`);
      res.status(200).end();
    } catch (e) {
      if (!(e instanceof RuleRefusal)) throw e;
      refuseLogoutToken(res, `${e.rule}: ${e.reason}`);
    }
  });
}
