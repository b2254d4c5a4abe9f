import { randomBytes } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { FORGED } from '../../../lib/oidc/forgery-stages.ts';
import type { OpContext } from '../context.ts';
import { clippedUrl, cookieFlow, sentParams } from './common.ts';

/** An authorization response on its way to the client: where, how, and its parameters. */
interface AuthorizationResponse {
  mode: 'query' | 'fragment' | 'form_post';
  redirectUri: string;
  params: Record<string, string>;
}

const FORM_INPUT = /<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g;
const unescapeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_m, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );
const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The response this request sends to the client's redirect_uri, if it sends one. Every
 * authorization response of this OP carries `iss` (RFC 9207), which tells it from the redirect to
 * the login page and from the error pages the browser is shown instead.
 */
function readResponse(ctx: OpContext, koa: KoaContextWithOIDC): AuthorizationResponse | undefined {
  const location = koa.response.get('Location');
  if (koa.status >= 300 && koa.status < 400 && location) {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return undefined;
    }
    const fragment = url.hash.length > 1;
    const params = Object.fromEntries(new URLSearchParams(fragment ? url.hash.slice(1) : url.search));
    if (params.iss !== ctx.issuer) return undefined;
    url.hash = '';
    if (fragment) return { mode: 'fragment', redirectUri: url.href, params };
    for (const k of Object.keys(params)) url.searchParams.delete(k);
    return { mode: 'query', redirectUri: url.href, params };
  }
  if (typeof koa.body === 'string' && koa.oidc?.params?.response_mode === 'form_post') {
    const params = Object.fromEntries(
      [...koa.body.matchAll(FORM_INPUT)].map((m) => [m[1], unescapeHtml(m[2])]),
    );
    const action = /<form method="post" action="([^"]*)">/.exec(koa.body)?.[1];
    if (params.iss !== ctx.issuer || action === undefined) return undefined;
    return { mode: 'form_post', redirectUri: unescapeHtml(action), params };
  }
  return undefined;
}

/** Sends `changes` in place of the parameters the provider wrote, in the same response mode. */
function rewrite(koa: KoaContextWithOIDC, r: AuthorizationResponse, changes: Record<string, string>): void {
  if (r.mode === 'form_post') {
    koa.body = String(koa.body).replace(FORM_INPUT, (input, name: string) =>
      name in changes ? `<input type="hidden" name="${name}" value="${escapeAttr(changes[name])}"/>` : input,
    );
    return;
  }
  const url = new URL(koa.response.get('Location'));
  const params = new URLSearchParams(r.mode === 'fragment' ? url.hash.slice(1) : url.search);
  for (const [k, v] of Object.entries(changes)) params.set(k, v);
  if (r.mode === 'fragment') url.hash = params.toString();
  else url.search = params.toString();
  koa.redirect(url.href);
}

/**
 * The authorization endpoint and its resumption after sign-in: records the request and the response
 * to the client, ties the code to the flow (the browser's cookie) and its plan, and applies the
 * plan's authorization-response forgery: another state, or the iss of another issuer (RFC 9207).
 */
export function authorizationHook(ctx: OpContext, koa: KoaContextWithOIDC, route: string): void {
  const flow = cookieFlow(koa);
  if (route === 'authorization') {
    const params = sentParams(koa);
    const clientId = typeof params.client_id === 'string' ? params.client_id : undefined;
    ctx.trace.record({
      flow,
      direction: 'in',
      from: 'RP',
      to: 'OP',
      kind: 'AuthorizationRequest',
      method: koa.method,
      url: clippedUrl(koa),
      info: {
        params,
        registeredClient: clientId !== undefined && ctx.clients.get(clientId) !== undefined,
        registeredRedirectUri:
          clientId !== undefined && typeof params.redirect_uri === 'string'
            ? (ctx.clients.get(clientId)?.redirectUris.includes(params.redirect_uri) ?? false)
            : false,
        status: koa.status,
      },
    });
  }
  const response = readResponse(ctx, koa);
  if (!response) return;
  const stored = ctx.plans.get(flow) ?? ctx.defectPlan;
  const code = koa.oidc?.entities.AuthorizationCode as { jti?: string } | undefined;
  const clientId = koa.oidc?.client?.clientId ?? '';
  if (code?.jti) ctx.codeFlows.set(code.jti, { flow, clientId, plan: stored });

  const forge = stored?.plan.forge;
  const genuine = response.params;
  let changes: Record<string, string> | undefined;
  if (forge === 'state-mismatch') {
    let state: string;
    do state = randomBytes(16).toString('base64url');
    while (state === genuine.state);
    changes = { state };
  } else if (forge === 'iss-param-mixup') {
    changes = { iss: FORGED.issuer };
  }
  if (changes) rewrite(koa, response, changes);
  const sent = { ...genuine, ...changes };
  ctx.trace.record({
    flow,
    direction: 'out',
    from: 'OP',
    to: 'RP',
    kind: 'AuthorizationResponse',
    method: response.mode === 'form_post' ? 'POST' : 'GET',
    url: response.redirectUri,
    info: {
      responseMode: response.mode,
      params: sent,
      clientId,
      ...(changes ? { forged: forge, genuine } : {}),
    },
  });
}
