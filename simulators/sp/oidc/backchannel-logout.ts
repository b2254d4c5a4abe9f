import type { Express } from 'express';
import { postedLogoutToken } from '../../rp/logout-token-sessions.ts';
import { answerLogoutToken, logoutTokenSeen, refuseLogoutToken } from '../../rp/routes/backchannel-logout.ts';
import { RuleRefusal } from '../../rp/rules/rule.ts';
import type { SpContext } from '../context.ts';
import { singleParam } from '../http.ts';
import { oidcIdps } from './oidc-idps.ts';
import { oidcSessions } from './oidc-sessions.ts';
import { oidcUrls } from './urls.ts';

/**
 * The OIDC IdP of this SP whose OP has this issuer, by name. An IdP whose metadata cannot be had
 * now is none: no token of its can be judged.
 */
async function idpWithIssuer(ctx: SpContext, iss: unknown): Promise<string | undefined> {
  for (const idp of oidcIdps(ctx).list()) {
    const meta = await oidcIdps(ctx)
      .connection(idp.name)
      ?.serverMetadata()
      .catch((e: unknown) => {
        if (e instanceof RuleRefusal) return undefined;
        throw e;
      });
    if (meta && meta.issuer === iss) return idp.name;
  }
  return undefined;
}

/**
 * POST /oidc/backchannel-logout (Back-Channel Logout 1.0 2.5-2.8), one URI for every OIDC IdP: the
 * logout token's iss picks the IdP, whose keys and client then validate it with the reference
 * RP's rules; it ends exactly the sessions it names and is answered 200, anything else 400. The
 * reference RP's back-channel defects act here as there.
 */
export function mountOidcBackchannelLogout(app: Express, ctx: SpContext): void {
  app.post('/oidc/backchannel-logout', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const defects = oidcIdps(ctx).rpDefects;
    if (defects.has('ignore-backchannel')) {
      res.status(200).end();
      return;
    }
    const jwt = postedLogoutToken(
      req.is('application/x-www-form-urlencoded') ? singleParam(req.body, 'logout_token') : undefined,
    );
    if ('problem' in jwt) return refuseLogoutToken(res, jwt.problem);
    const idp = await idpWithIssuer(ctx, jwt.claims.iss);
    const op = idp === undefined ? undefined : oidcIdps(ctx).connection(idp);
    if (idp === undefined || !op)
      return refuseLogoutToken(
        res,
        `no OpenID Connect IdP of this SP has the issuer ${JSON.stringify(jwt.claims.iss)}`,
      );
    const sessions = oidcSessions(ctx);
    await answerLogoutToken(res, jwt, op, {
      at: { nowMs: ctx.opts.clock().getTime(), skewSeconds: ctx.opts.skewSeconds, defects },
      end: (ends) => {
        const ended = sessions.sessionsWhere((s) => s.idp === idp && ends(s));
        for (const id of ended) {
          ctx.sessions.destroy(id);
          sessions.end(id);
        }
        return ended.length;
      },
      trace: (info) =>
        ctx.trace.record({
          ...logoutTokenSeen(jwt, 'SP', oidcUrls(ctx).backchannelLogoutUri),
          info: { idp, ...info },
        }),
    });
  });
}
