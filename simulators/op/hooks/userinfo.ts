import { randomUUID } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { OpContext } from '../context.ts';
import { accessTokenCarrier, clippedUrl } from './common.ts';

/**
 * The userinfo endpoint: records where the client put the access token and what it was answered;
 * applies userinfo-sub-mismatch (a sub other than the ID token's, OIDC Core 5.3.2) and the defects
 * that drop scope claims.
 */
export function userinfoHook(ctx: OpContext, koa: KoaContextWithOIDC): void {
  const accessToken = koa.oidc?.entities.AccessToken as { jti?: string } | undefined;
  const binding = ctx.tokenFlows.get(accessToken?.jti);
  const flow = binding?.flow;
  ctx.trace.record({
    flow,
    direction: 'in',
    from: 'RP',
    to: 'OP',
    kind: 'UserinfoRequest',
    method: koa.method,
    url: clippedUrl(koa),
    info: { accessToken: accessTokenCarrier(koa) },
  });
  const body = koa.body as Record<string, unknown> | undefined;
  const plan = binding?.plan?.plan;
  const forge = plan?.forge;
  if (koa.status === 200 && body && typeof plan?.claims?.sub === 'string') body.sub = plan.claims.sub;
  if (koa.status === 200 && body && ctx.defects.has('scope-claims-dropped')) {
    delete body.email;
    delete body.email_verified;
  }
  if (koa.status === 200 && body && ctx.defects.has('address-phone-claims-dropped')) {
    delete body.address;
    delete body.phone_number;
    delete body.phone_number_verified;
  }
  let genuineSub: unknown;
  if (koa.status === 200 && body && forge === 'userinfo-sub-mismatch') {
    genuineSub = body.sub;
    body.sub = randomUUID();
  }
  ctx.trace.record({
    flow,
    direction: 'out',
    from: 'OP',
    to: 'RP',
    kind: 'UserinfoResponse',
    decoded: JSON.stringify(body ?? null, null, 2),
    info: {
      status: koa.status,
      claims: body ?? null,
      ...(genuineSub !== undefined ? { forged: forge, genuineSub } : {}),
    },
  });
}
