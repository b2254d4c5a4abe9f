import type { KoaContextWithOIDC, default as Provider } from 'oidc-provider';
import type { OpContext } from '../context.ts';
import { authorizationHook } from './authorization.ts';
import { clippedUrl, cookieFlow } from './common.ts';
import { discoveryHook, jwksHook } from './discovery.ts';
import { endSessionHook } from './end-session.ts';
import { tokenHook } from './token.ts';
import { userinfoHook } from './userinfo.ts';

/**
 * One middleware around every provider route: after the provider has answered, it records the
 * exchange and applies the flow's forgery to the answer. A failure here is the simulator's, so it
 * answers 500 naming itself rather than sending a half-forged message.
 */
export function useHooks(ctx: OpContext, provider: Provider): void {
  provider.use(async (koaContext, next) => {
    await next();
    // Routes of the provider carry koa.oidc; anything else (a 404) has none and is left alone.
    const koa = koaContext as unknown as KoaContextWithOIDC;
    const route = koa.oidc?.route;
    try {
      switch (route) {
        case 'authorization':
        case 'resume':
          authorizationHook(ctx, koa, route);
          break;
        case 'token':
          await tokenHook(ctx, koa);
          break;
        case 'userinfo':
          userinfoHook(ctx, koa);
          break;
        case 'discovery':
          discoveryHook(ctx, koa);
          break;
        case 'jwks':
          jwksHook(ctx, koa);
          break;
        case 'end_session':
        case 'end_session_confirm':
          await endSessionHook(ctx, koa, route);
          break;
        default:
      }
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      ctx.trace.record({
        flow: cookieFlow(koa),
        direction: 'in',
        from: 'RP',
        to: 'OP',
        kind: 'Error',
        method: koa.method,
        url: clippedUrl(koa),
        info: { status: 500, route: route ?? null, error: message },
      });
      koa.status = 500;
      koa.type = 'json';
      koa.body = { error: 'server_error', error_description: `OP simulator (${route}): ${message}` };
    }
  });
}
