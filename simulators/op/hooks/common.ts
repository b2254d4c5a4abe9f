import type { KoaContextWithOIDC } from 'oidc-provider';
import { flowFromCookieHeader } from '../../../lib/trace/recorder.ts';

const MAX_URL_IN_TRACE = 2048;
const MAX_PARAM_IN_TRACE = 8192;

export function clippedUrl(koa: KoaContextWithOIDC): string {
  const u = koa.originalUrl;
  return u.length > MAX_URL_IN_TRACE ? `${u.slice(0, MAX_URL_IN_TRACE)}…` : u;
}

/** The flow the browser names in its `accord-flow` cookie; server-side calls carry none. */
export function cookieFlow(koa: KoaContextWithOIDC): string | undefined {
  return flowFromCookieHeader(koa.headers.cookie);
}

/** Request parameters as sent (query, or the form body the provider parsed), each clipped for the trace. */
export function sentParams(koa: KoaContextWithOIDC): Record<string, string | string[]> {
  const source =
    koa.method === 'GET'
      ? (koa.query as Record<string, unknown>)
      : ((koa.oidc?.body ?? koa.oidc?.params ?? {}) as Record<string, unknown>);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) continue;
    const clip = (s: unknown) => String(s).slice(0, MAX_PARAM_IN_TRACE);
    out[k] = Array.isArray(v) ? v.map(clip) : clip(v);
  }
  return out;
}

/** How the client authenticated at the token endpoint, as it did it (not as it registered). */
export function clientAuthUsed(
  koa: KoaContextWithOIDC,
): 'client_secret_basic' | 'client_secret_post' | 'none' {
  if (/^basic /i.test(koa.headers.authorization ?? '')) return 'client_secret_basic';
  if (typeof (koa.oidc?.body as Record<string, unknown> | undefined)?.client_secret === 'string')
    return 'client_secret_post';
  return 'none';
}

/** Where the userinfo request carried its access token (OIDC Core 5.3.1, RFC 6750 2). */
export function accessTokenCarrier(koa: KoaContextWithOIDC): 'header' | 'body' | 'query' | 'none' {
  if (/^bearer /i.test(koa.headers.authorization ?? '')) return 'header';
  if (typeof koa.query.access_token === 'string') return 'query';
  if (typeof (koa.oidc?.body as Record<string, unknown> | undefined)?.access_token === 'string')
    return 'body';
  return 'none';
}
