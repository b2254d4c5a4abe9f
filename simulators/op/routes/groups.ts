import type { Express } from 'express';
import type Provider from 'oidc-provider';
import type { OpContext } from '../context.ts';

/**
 * Where the groups overage form sends a client (OIDC Core 5.6.2 distributed claims): the user's
 * groups, answered in Microsoft Graph's `getMemberObjects` shape, to a bearer of an access token
 * issued for that user.
 */
export function groupsRoutes(ctx: OpContext, app: Express, provider: () => Provider): void {
  app.all(`${ctx.mountPath}/users/:oid/getMemberObjects`, async (req, res, next) => {
    try {
      const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const token = bearer ? await provider().AccessToken.find(bearer) : undefined;
      if (!token?.accountId) {
        res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({
          error: 'invalid_token',
          error_description: 'an access token of this OP is required (Authorization: Bearer)',
        });
        return;
      }
      const user = ctx.userBySubject(token.accountId);
      if (!user || user.objectId !== req.params.oid) {
        res
          .status(403)
          .json({ error: 'forbidden', error_description: 'the access token is not for this user' });
        return;
      }
      res.json({ value: user.groups });
    } catch (e) {
      next(e);
    }
  });
}
