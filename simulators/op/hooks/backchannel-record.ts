import Provider from 'oidc-provider';
import { inspectJwt } from '../../../lib/oidc/inspect-jwt.ts';
import { formatJwt } from '../../../lib/trace/decode.ts';
import type { OpContext } from '../context.ts';
import { cookieFlow } from './common.ts';

const MAX_BODY_IN_TRACE = 4096;

/**
 * A logout token the provider itself sent when a session ended (RP-initiated logout notifies every
 * client of the session), recorded like the ones the admin API orders. Runs beside the provider's
 * own handling and never fails it.
 */
export function recordBackchannelDelivery(
  ctx: OpContext,
  url: string,
  init: RequestInit,
  response: Response,
): void {
  const token = init.body instanceof URLSearchParams ? init.body.get('logout_token') : null;
  if (!token) return;
  const koa = Provider.ctx;
  const flow = koa ? cookieFlow(koa) : undefined;
  void (async () => {
    const body = await response
      .clone()
      .text()
      .catch(() => '');
    const inspected = await inspectJwt(token, ctx.keys.jwks(), 'logout_token');
    ctx.trace.record({
      flow,
      direction: 'out',
      from: 'OP',
      to: 'RP',
      kind: 'LogoutToken',
      method: 'POST',
      url,
      raw: token,
      decoded: formatJwt(inspected),
      info: {
        status: response.status,
        body: body.slice(0, MAX_BODY_IN_TRACE),
        sentBy: 'end_session',
        signature: inspected.verdict,
      },
    });
  })().catch(() => {});
}
