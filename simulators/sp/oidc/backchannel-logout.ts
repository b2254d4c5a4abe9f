import type { Express, Response } from 'express';
import { sessionsNamedBy } from '../../rp/logout-token-sessions.ts';
import { decodeReceivedJwt, type TokenExpectations } from '../../rp/rules/jwt.ts';
import { firstRefusal, RuleRefusal } from '../../rp/rules/rule.ts';
import { LOGOUT_TOKEN_RULES } from '../../rp/rules/tables.ts';
import type { SpContext } from '../context.ts';
import { singleParam } from '../http.ts';
import { NO_DEFECTS, oidcIdps } from './oidc-idps.ts';
import { oidcSessions } from './oidc-sessions.ts';
import { oidcUrls } from './urls.ts';

/** Back-Channel Logout 1.0 2.8: 400 with an OAuth error body. */
function refuse(res: Response, description: string): void {
  res.status(400).json({ error: 'invalid_request', error_description: description });
}

/**
 * POST /oidc/backchannel-logout (Back-Channel Logout 1.0 2.5-2.8), one URI for every OIDC IdP: the
 * logout token's iss picks the IdP, whose keys and client then validate it with the reference
 * RP's rules; it ends exactly the sessions it names and is answered 200, anything else 400.
 */
export function mountOidcBackchannelLogout(app: Express, ctx: SpContext): void {
  app.post('/oidc/backchannel-logout', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const raw = req.is('application/x-www-form-urlencoded')
      ? singleParam(req.body, 'logout_token')
      : undefined;
    if (!raw) return refuse(res, 'send logout_token as an application/x-www-form-urlencoded parameter');
    const jwt = decodeReceivedJwt(raw);
    if ('malformed' in jwt) return refuse(res, `logout_token is no JWT: ${jwt.malformed}`);
    const iss = jwt.claims.iss;
    try {
      let issuerOf: { name: string; issuer: string } | undefined;
      for (const idp of oidcIdps(ctx).list()) {
        const meta = await oidcIdps(ctx).connection(idp.name)?.serverMetadata();
        if (meta && meta.issuer === iss) {
          issuerOf = { name: idp.name, issuer: meta.issuer };
          break;
        }
      }
      const op = issuerOf && oidcIdps(ctx).connection(issuerOf.name);
      if (!issuerOf || !op)
        return refuse(res, `no OpenID Connect IdP of this SP has the issuer ${JSON.stringify(iss)}`);
      const expect: TokenExpectations = {
        issuer: issuerOf.issuer,
        clientId: op.settings.clientId,
        clientSecret: op.settings.clientSecret,
        now: Math.floor(ctx.opts.clock().getTime() / 1000),
        skewSeconds: ctx.opts.skewSeconds,
        keys: await op.keys(),
      };
      const refusal = await firstRefusal(LOGOUT_TOKEN_RULES, NO_DEFECTS, jwt, expect);
      const named = sessionsNamedBy(jwt.claims, issuerOf.issuer, NO_DEFECTS);
      const sessions = oidcSessions(ctx);
      const ended = refusal ? [] : sessions.sessionsWhere((s) => s.idp === issuerOf.name && named(s));
      for (const id of ended) {
        ctx.sessions.destroy(id);
        sessions.end(id);
      }
      ctx.trace.record({
        direction: 'in',
        from: 'OP',
        to: 'SP',
        kind: 'LogoutToken',
        method: 'POST',
        url: oidcUrls(ctx).backchannelLogoutUri,
        raw,
        decoded: JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2),
        info: refusal
          ? { idp: issuerOf.name, rule: refusal.rule, error: refusal.reason }
          : { idp: issuerOf.name, ended: ended.length },
      });
      if (refusal) return refuse(res, `${refusal.rule}: ${refusal.reason}`);
      res.status(200).end();
    } catch (e) {
      if (!(e instanceof RuleRefusal)) throw e;
      refuse(res, `${e.rule}: ${e.reason}`);
    }
  });
}
