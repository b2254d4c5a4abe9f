import type Provider from 'oidc-provider';
import { errorPage } from '../../shared/pages.ts';

/**
 * Below the issuer every request goes to oidc-provider, whose router answers a path or method it
 * has no route for with Koa's bare "Not Found". That answer says which request it was, as the
 * simulator's own 404 does.
 */
export function explainProviderNotFound(provider: Provider): void {
  provider.use(async (koa, next) => {
    await next();
    if (koa.status !== 404 || koa.body != null) return;
    // Set before the body, so that Koa keeps 404 rather than turning a body into 200.
    koa.status = 404;
    koa.type = 'html';
    koa.body = errorPage(
      'Not found',
      'not-found',
      `${koa.method} ${koa.path.slice(0, 512)} is not an endpoint of this OP`,
    );
  });
}
