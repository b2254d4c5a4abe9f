import type { IncomingMessage } from 'node:http';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { OpContext } from '../context.ts';
import { clippedUrl, cookieFlow } from './common.ts';

/** Marks a request the mismatched-discovery route handed to the provider's discovery. */
export const MISMATCHED_DISCOVERY = Symbol('accord.mismatchedDiscovery');

/** Records the discovery document served, and where it was fetched from (OIDC Discovery 4.3). */
export function discoveryHook(ctx: OpContext, koa: KoaContextWithOIDC): void {
  const mismatched =
    (koa.req as IncomingMessage & { [MISMATCHED_DISCOVERY]?: boolean })[MISMATCHED_DISCOVERY] === true;
  const body = koa.body as Record<string, unknown> | undefined;
  if (body && koa.status === 200) {
    if (ctx.defects.has('discovery-issuer-mismatch')) body.issuer = `${ctx.issuer}/tenant`;
    if (ctx.defects.has('discovery-member-missing')) delete body.subject_types_supported;
    if (ctx.defects.has('discovery-relative-endpoint') && typeof body.userinfo_endpoint === 'string')
      body.userinfo_endpoint = new URL(body.userinfo_endpoint).pathname;
  }
  ctx.trace.record({
    flow: cookieFlow(koa),
    direction: 'out',
    from: 'OP',
    to: 'RP',
    kind: 'Discovery',
    method: koa.method,
    url: clippedUrl(koa),
    decoded: JSON.stringify(body ?? null, null, 2),
    info: {
      status: koa.status,
      issuer: body?.issuer ?? null,
      mismatched,
      ...(mismatched ? { expectedIssuer: ctx.at('/mismatch') } : {}),
    },
  });
}

/**
 * The JWKS as the key ring publishes it (current, next, retired and added keys, with x5t and x5c
 * where the scenario asks), in place of the provider's, which knows no x5t.
 */
export function jwksHook(ctx: OpContext, koa: KoaContextWithOIDC): void {
  if (koa.status !== 200) return;
  const published = ctx.keys.jwks();
  const first = published.keys[0];
  const withMismatch =
    ctx.defects.has('jwks-use-alg-mismatch') && first
      ? { keys: [...published.keys, { ...first, kid: `${first.kid}-enc`, use: 'sig', alg: 'RSA-OAEP' }] }
      : published;
  const jwks = ctx.defects.has('jwks-no-kid')
    ? {
        keys: withMismatch.keys.map((k) =>
          Object.fromEntries(Object.entries(k).filter(([n]) => n !== 'kid')),
        ),
      }
    : withMismatch;
  koa.body = jwks;
  ctx.trace.record({
    flow: cookieFlow(koa),
    direction: 'out',
    from: 'OP',
    to: 'RP',
    kind: 'JWKS',
    method: koa.method,
    url: clippedUrl(koa),
    decoded: JSON.stringify(jwks, null, 2),
    info: { kids: jwks.keys.map((k) => k.kid), current: ctx.keys.current.kid },
  });
}
