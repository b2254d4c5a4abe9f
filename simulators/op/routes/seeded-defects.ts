import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { basicAuthorization, parseBasicAuthorization } from '../../../lib/oidc/client-secret-basic.ts';
import { HTTP_LIMITS } from '../../shared/http-limits.ts';
import { errorPage } from '../../shared/pages.ts';
import type { OpContext } from '../context.ts';

/** Parameters an authorization request of OIDC Core 3.1.2.1 and RFC 7636 may carry. */
const KNOWN_PARAMS = new Set([
  'scope',
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'response_mode',
  'nonce',
  'display',
  'prompt',
  'max_age',
  'ui_locales',
  'id_token_hint',
  'login_hint',
  'acr_values',
  'claims',
  'code_challenge',
  'code_challenge_method',
]);

/**
 * Seeded defect basic-credentials-not-decoded: the Basic header's id and secret as a server that
 * never form-decodes them would read them. Each % is encoded again, so that oidc-provider's one
 * decoding leaves the text as it came ("accord%2Dop%2Dsuite" looked up as it is).
 */
function undecodedBasic(req: Request): void {
  const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (!m?.[1]) return;
  const raw = Buffer.from(m[1], 'base64').toString('utf8');
  req.headers.authorization = `Basic ${Buffer.from(raw.replace(/%/g, '%25')).toString('base64')}`;
}

function refuse(res: Response, status: number, code: string, detail: string): void {
  res
    .status(status)
    .type('html')
    .send(errorPage('Sign-in error', code, detail));
}

/**
 * Seeded defect refresh-any-client: the OP authenticates the caller but never asks whether the
 * refresh token was issued to it (RFC 6749 6). Modelled by presenting a caller that holds valid
 * credentials of any registered client to the provider as the client the token was issued to.
 */
async function asRefreshTokenOwner(ctx: OpContext, req: Request, body: Record<string, unknown>) {
  const caller =
    parseBasicAuthorization(req.headers.authorization) ??
    (typeof body.client_id === 'string' && typeof body.client_secret === 'string'
      ? { id: body.client_id, secret: body.client_secret }
      : undefined);
  const registered = caller ? ctx.clients.get(caller.id) : undefined;
  // Wrong credentials stay wrong: the provider refuses them as it always does.
  if (!caller || registered?.clientSecret !== caller.secret) return;
  const token = await ctx.store.adapter('RefreshToken').find(String(body.refresh_token ?? ''));
  const owner = typeof token?.clientId === 'string' ? ctx.clients.get(token.clientId) : undefined;
  if (!owner?.clientSecret || owner.clientId === caller.id) return;
  delete req.headers.authorization;
  delete body.client_id;
  delete body.client_secret;
  if (owner.tokenEndpointAuthMethod === 'client_secret_post') {
    body.client_id = owner.clientId;
    body.client_secret = owner.clientSecret;
  } else req.headers.authorization = basicAuthorization(owner.clientId, owner.clientSecret);
}

/**
 * The seeded defects that bend a request before oidc-provider reads it (parameters dropped or
 * refused, cookies hidden, a logout skipped). Mounted before the provider; without a defect it
 * only passes requests on.
 */
export function seededDefectRoutes(ctx: OpContext, app: Express): void {
  if (ctx.defects.size === 0) return;
  const has = (d: Parameters<typeof ctx.defects.has>[0]) => ctx.defects.has(d);
  const paths = ctx.scenario.op.paths;
  const at = (p: string) => `${ctx.mountPath}${p}`;

  app.get(at(paths.authorization), (req: Request, res: Response, next: NextFunction) => {
    const url = new URL(req.originalUrl, 'http://op.invalid');
    const q = url.searchParams;
    if (has('unknown-param-refused')) {
      const unknown = [...q.keys()].filter((k) => !KNOWN_PARAMS.has(k));
      if (unknown.length)
        return refuse(res, 400, 'invalid_request', `unknown parameter ${unknown.join(', ')}`);
    }
    if (has('nonce-required') && !q.has('nonce'))
      return refuse(res, 400, 'invalid_request', 'nonce is required');
    if (has('login-hint-refused') && q.has('login_hint'))
      return refuse(res, 400, 'invalid_request', 'login_hint is not supported');
    if (has('scope-order-strict') && !(q.get('scope') ?? '').startsWith('openid'))
      return refuse(res, 400, 'invalid_scope', 'scope must begin with openid');
    if (has('pkce-not-verified')) {
      q.delete('code_challenge');
      q.delete('code_challenge_method');
    }
    if (has('max-age-ignored')) q.delete('max_age');
    if (has('prompt-login-ignored') && q.get('prompt') === 'login') q.delete('prompt');
    if (has('prompt-none-login-page') && q.get('prompt') === 'none') q.delete('prompt');
    if (has('prompt-none-session-lost') && q.get('prompt') === 'none') delete req.headers.cookie;
    req.url = `${url.pathname}?${q}`;
    next();
  });

  app.post(
    at(paths.token),
    express.urlencoded({
      extended: false,
      limit: HTTP_LIMITS.maxFormBytes,
      parameterLimit: HTTP_LIMITS.maxParameters,
    }),
    async (req: Request, res: Response, next: NextFunction) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (has('refresh-any-client') && body.grant_type === 'refresh_token')
        await asRefreshTokenOwner(ctx, req, body);
      if (has('client-secret-post-refused') && body.client_secret !== undefined) {
        res
          .status(401)
          .json({ error: 'invalid_client', error_description: 'client_secret_post is not accepted' });
        return;
      }
      if (has('pkce-not-verified')) delete body.code_verifier;
      if (has('basic-credentials-not-decoded')) undecodedBasic(req);
      next();
    },
  );

  app.all(at(paths.userinfo), (req: Request, res: Response, next: NextFunction) => {
    if (
      (req.method === 'GET' && has('userinfo-get-refused')) ||
      (req.method === 'POST' && has('userinfo-post-refused'))
    ) {
      res.status(405).json({ error: 'invalid_request', error_description: `${req.method} is not supported` });
      return;
    }
    next();
  });

  app.get(at(paths.endSession), (req: Request, res: Response, next: NextFunction) => {
    if (!has('logout-keeps-session')) return next();
    const back =
      typeof req.query.post_logout_redirect_uri === 'string' ? req.query.post_logout_redirect_uri : '';
    if (!back) return refuse(res, 400, 'invalid_request', 'post_logout_redirect_uri is required');
    const state = typeof req.query.state === 'string' ? `?state=${encodeURIComponent(req.query.state)}` : '';
    res.redirect(302, `${back}${state}`);
  });
}
