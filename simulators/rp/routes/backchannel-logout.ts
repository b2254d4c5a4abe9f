import type { Express, Response } from 'express';
import type { RpContext } from '../context.ts';
import { RpInputError, singleParam } from '../http.ts';
import { sessionsNamedBy } from '../logout-token-sessions.ts';
import { decodeReceivedJwt, type TokenExpectations } from '../rules/jwt.ts';
import { firstRefusal, RuleRefusal } from '../rules/rule.ts';
import { LOGOUT_TOKEN_RULES } from '../rules/tables.ts';

/** Back-Channel Logout 1.0 2.8: 400 with an OAuth error body. */
function refuse(res: Response, description: string): void {
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
      return refuse(res, e.message);
    }
    if (!raw) return refuse(res, 'send logout_token as an application/x-www-form-urlencoded parameter');
    const op = ctx.op;
    if (!op) return refuse(res, 'this RP has no OP configured, so it trusts no logout token');
    const jwt = decodeReceivedJwt(raw);
    if ('malformed' in jwt) return refuse(res, `logout_token is no JWT: ${jwt.malformed}`);
    try {
      const meta = await op.serverMetadata();
      const expect: TokenExpectations = {
        issuer: meta.issuer,
        clientId: op.settings.clientId,
        clientSecret: op.settings.clientSecret,
        now: Math.floor(ctx.now() / 1000),
        skewSeconds: ctx.opts.skewSeconds,
        keys: await op.keys(),
      };
      const refusal = await firstRefusal(LOGOUT_TOKEN_RULES, ctx.defects, jwt, expect);
      const ended = refusal
        ? 0
        : ctx.sessions.endWhere(sessionsNamedBy(jwt.claims, meta.issuer, ctx.defects));
      ctx.trace.record({
        direction: 'in',
        from: 'OP',
        to: 'RP',
        kind: 'LogoutToken',
        method: 'POST',
        url: ctx.urls.backchannelLogout,
        raw,
        decoded: JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2),
        info: refusal ? { rule: refusal.rule, error: refusal.reason } : { ended },
      });
      if (refusal) return refuse(res, `${refusal.rule}: ${refusal.reason}`);
      res.status(200).end();
    } catch (e) {
      if (!(e instanceof RuleRefusal)) throw e;
      refuse(res, `${e.rule}: ${e.reason}`);
    }
  });
}
