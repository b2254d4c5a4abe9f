import type { BackchannelLogoutOrder, BackchannelLogoutResult } from '../../lib/admin/oidc-protocol.ts';
import { inspectJwt } from '../../lib/oidc/inspect-jwt.ts';
import { logoutTokenClaims, signLogoutToken } from '../../lib/oidc/logout-token.ts';
import { formatJwt } from '../../lib/trace/decode.ts';
import { AdminInputError } from './admin-input.ts';
import type { OpContext } from './context.ts';

const TIMEOUT_MS = 10_000;
const MAX_BODY = 64 * 1024;

/** The order could be built but not delivered: the client's back-channel URI did not answer. */
export class DeliveryError extends Error {}

/**
 * A logout token (Back-Channel Logout 1.0 §2.4) for the session the OP holds for the order's flow
 * and client, signed with the current key, with the order's forgery, POSTed to the client's
 * back-channel logout URI (§2.5) and recorded in the trace with the answer.
 */
export async function sendBackchannelLogout(
  ctx: OpContext,
  order: BackchannelLogoutOrder,
): Promise<BackchannelLogoutResult & { status: number }> {
  const client = ctx.clients.get(order.clientId);
  if (!client)
    throw new AdminInputError('clientId', `no client "${order.clientId}" is registered at this OP`);
  const url = client.backchannelLogoutUri;
  if (!url) {
    throw new AdminInputError('clientId', `client "${order.clientId}" registered no backchannelLogoutUri`);
  }
  const session = ctx.sessions.get(`${order.flow}\n${order.clientId}`);
  if (!session) {
    throw new AdminInputError(
      'flow',
      `no ID token was issued to client "${order.clientId}" in flow "${order.flow}", so there is no session to log out`,
    );
  }
  const key = ctx.keys.current;
  const claims = logoutTokenClaims(
    { issuer: ctx.issuer, audience: order.clientId, sub: session.sub, sid: session.sid },
    order.forge,
  );
  const logoutToken = await signLogoutToken(claims, key.privateKey, key.kid);
  let status: number;
  let body: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: logoutToken }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    body = (await res.text()).slice(0, MAX_BODY);
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new DeliveryError(`POST ${url} failed: ${cause}`);
  }
  const inspected = await inspectJwt(logoutToken, ctx.keys.jwks(), 'logout_token');
  ctx.trace.record({
    flow: order.flow,
    direction: 'out',
    from: 'OP',
    to: 'RP',
    kind: 'LogoutToken',
    method: 'POST',
    url,
    raw: logoutToken,
    decoded: formatJwt(inspected),
    info: { status, body: body.slice(0, 4096), forged: order.forge ?? null, sentBy: 'admin' },
  });
  return { url, status, body, logoutToken };
}
