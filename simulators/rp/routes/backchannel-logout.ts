import type { Express, Response } from 'express';
import type { RpContext } from '../context.ts';
import { RpInputError, singleParam } from '../http.ts';
import { judgeLogoutToken, postedLogoutToken } from '../logout-token-sessions.ts';
import type { OpConnection } from '../op-connection.ts';
import type { ReceivedJwt } from '../rules/jwt.ts';
import { RuleRefusal } from '../rules/rule.ts';
import type { RpSignIn } from '../sessions.ts';

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
    await answerLogoutToken(res, jwt, op, {
      at: { nowMs: ctx.now(), skewSeconds: ctx.opts.skewSeconds, defects: ctx.defects },
      end: (ends) => ctx.sessions.endWhere(ends),
      trace: (info) => ctx.trace.record({ ...logoutTokenSeen(jwt, 'RP', ctx.urls.backchannelLogout), info }),
    });
  });
}

/** The trace entry of a logout token received at `url`, its outcome in `info`. */
export function logoutTokenSeen(jwt: ReceivedJwt, to: 'RP' | 'SP', url: string) {
  return {
    direction: 'in',
    from: 'OP',
    to,
    kind: 'LogoutToken',
    method: 'POST',
    url,
    raw: jwt.raw,
    decoded: JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2),
  } as const;
}

/**
 * Judges a logout token from this OP and answers the back-channel POST (Back-Channel Logout 1.0
 * 2.8): 200 once `end` has ended the sign-ins it names (returning how many), else 400 naming the
 * rule; `trace` records either outcome.
 */
export async function answerLogoutToken(
  res: Response,
  jwt: ReceivedJwt,
  op: OpConnection,
  how: {
    at: Parameters<typeof judgeLogoutToken>[2];
    end: (ends: (s: RpSignIn) => boolean) => number;
    trace: (info: Record<string, unknown>) => void;
  },
): Promise<void> {
  try {
    const verdict = await judgeLogoutToken(jwt, op, how.at);
    if ('refusal' in verdict) {
      const { rule, reason } = verdict.refusal;
      how.trace({ rule, error: reason });
      return refuseLogoutToken(res, `${rule}: ${reason}`);
    }
    how.trace({ ended: how.end(verdict.ends) });
    res.status(200).end();
  } catch (e) {
    if (!(e instanceof RuleRefusal)) throw e;
    refuseLogoutToken(res, `${e.rule}: ${e.reason}`);
  }
}
