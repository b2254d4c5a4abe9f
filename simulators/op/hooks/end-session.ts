import type { KoaContextWithOIDC } from 'oidc-provider';
import { inspectJwt } from '../../../lib/oidc/inspect-jwt.ts';
import { TraceDecodeError } from '../../../lib/trace/decode.ts';
import type { OpContext } from '../context.ts';
import { clippedUrl, cookieFlow, sentParams } from './common.ts';

async function hint(ctx: OpContext, token: unknown) {
  if (typeof token !== 'string') return null;
  try {
    const i = await inspectJwt(token, ctx.keys.jwks(), 'id_token_hint');
    return { header: i.header, claims: i.payload, signature: i.verdict };
  } catch (e) {
    if (e instanceof TraceDecodeError) return { error: e.message };
    throw e;
  }
}

/**
 * RP-initiated logout (RP-Initiated Logout 1.0): the logout request with its id_token_hint decoded
 * and judged, then where the OP sent the browser once the session ended.
 */
export async function endSessionHook(ctx: OpContext, koa: KoaContextWithOIDC, route: string): Promise<void> {
  const flow = cookieFlow(koa);
  if (route === 'end_session') {
    const params = sentParams(koa);
    ctx.trace.record({
      flow,
      direction: 'in',
      from: 'RP',
      to: 'OP',
      kind: 'EndSessionRequest',
      method: koa.method,
      url: clippedUrl(koa),
      info: { params, idTokenHint: await hint(ctx, params.id_token_hint), status: koa.status },
    });
    return;
  }
  if (route === 'end_session_confirm') {
    const location = koa.response.get('Location') || null;
    ctx.trace.record({
      flow,
      direction: 'out',
      from: 'OP',
      to: location ? 'RP' : 'Browser',
      kind: 'EndSessionResponse',
      method: 'GET',
      url: location ?? undefined,
      info: { status: koa.status, postLogoutRedirect: location },
    });
  }
}
