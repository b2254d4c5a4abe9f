import type { Express } from 'express';
import type { OpContext } from '../context.ts';
import { MISMATCHED_DISCOVERY } from '../hooks/discovery.ts';

const DISCOVERY = '/.well-known/openid-configuration';

/**
 * `<issuer>/mismatch/.well-known/openid-configuration`: the genuine discovery document, whose issuer
 * is therefore not the URL it was fetched from (OIDC Discovery 4.3). The request is handed to the
 * provider as a request for its own discovery, marked so the trace says which was served.
 */
export function mismatchedDiscoveryRoute(ctx: OpContext, app: Express): void {
  app.get(`${ctx.mountPath}/mismatch${DISCOVERY}`, (req, _res, next) => {
    (req as typeof req & { [MISMATCHED_DISCOVERY]?: boolean })[MISMATCHED_DISCOVERY] = true;
    // The router matches what follows against req.url; the provider finds its mount path in originalUrl.
    req.url = `${ctx.mountPath}${DISCOVERY}`;
    req.originalUrl = req.url;
    next();
  });
}
