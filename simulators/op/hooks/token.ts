import { randomUUID } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { forgeIdToken, withClaims } from '../../../lib/oidc/forge-id-token.ts';
import { isIdTokenForgery } from '../../../lib/oidc/forgery-stages.ts';
import { inspectJwt } from '../../../lib/oidc/inspect-jwt.ts';
import { decodeJwt, formatJwt } from '../../../lib/trace/decode.ts';
import type { FlowBinding, OpContext } from '../context.ts';
import { clientAuthUsed, clippedUrl } from './common.ts';

type TokenBody = Record<string, unknown> & { id_token?: string; access_token?: string };
/** A token entity of oidc-provider: its id, and destroy for the refresh-access-token-refused defect. */
type Jti = { jti?: string; destroy?: () => Promise<void> };

/** The published key that signed a token (by kid), to re-sign it after a change. */
function signerOf(ctx: OpContext, signed: string) {
  const kid = decodeJwt(signed, { label: 'id_token' }).header.kid;
  return ctx.keys.published().find((k) => k.kid === kid) ?? ctx.keys.current;
}

/** Seeded defect refresh-id-token-sub-changed: the refreshed ID token names another subject (Core 12.2). */
async function refreshedIdToken(ctx: OpContext, idToken: string): Promise<string> {
  if (!ctx.defects.has('refresh-id-token-sub-changed')) return idToken;
  return withClaims(idToken, { sub: randomUUID() }, signerOf(ctx, idToken).privateKey);
}

/**
 * The ID token the provider signed, with the plan's subject (a JIT user) and then the flow's ID
 * token forgery applied.
 */
async function served(ctx: OpContext, binding: FlowBinding | undefined, signed: string) {
  const plan = binding?.plan?.plan;
  const forge = plan?.forge;
  if (!plan?.claims?.sub && !isIdTokenForgery(forge)) return { token: signed };
  const signer = signerOf(ctx, signed);
  const genuine =
    typeof plan?.claims?.sub === 'string'
      ? await withClaims(signed, { sub: plan.claims.sub }, signer.privateKey)
      : signed;
  if (!isIdTokenForgery(forge)) return { token: genuine };
  const inspected = await inspectJwt(genuine, ctx.keys.jwks(), 'id_token');
  const token = await forgeIdToken(genuine, forge, {
    signingKey: signer.privateKey,
    publicKeyPem: signer.publicKeyPem,
    clientSecret: ctx.clients.get(binding?.clientId ?? '')?.clientSecret,
    rotatedKey: binding?.plan?.rotatedKey
      ? { key: binding.plan.rotatedKey.privateKey, kid: binding.plan.rotatedKey.kid }
      : undefined,
  });
  return { token, forged: forge, genuine: inspected };
}

/**
 * The token endpoint: records the request (grant, how the client authenticated, PKCE verifier) and
 * the response with its ID token decoded and judged against the JWKS; applies the flow's ID token
 * forgery; ties the access token to the flow for userinfo, and remembers the session the ID token
 * named for back-channel logout.
 */
export async function tokenHook(ctx: OpContext, koa: KoaContextWithOIDC): Promise<void> {
  const entities = (koa.oidc?.entities ?? {}) as Partial<Record<string, Jti>>;
  const refreshing = entities.RefreshToken !== undefined && entities.AuthorizationCode === undefined;
  // A refresh grant belongs to the flow its refresh token came from (the one it rotated, if any).
  const binding = refreshing
    ? ctx.refreshFlows.get((entities.RotatedRefreshToken ?? entities.RefreshToken)?.jti)
    : ctx.codeFlows.get(entities.AuthorizationCode?.jti);
  const flow = binding?.flow;
  const params = (koa.oidc?.params ?? {}) as Record<string, unknown>;
  const clientId = koa.oidc?.client?.clientId ?? binding?.clientId;
  ctx.trace.record({
    flow,
    direction: 'in',
    from: 'RP',
    to: 'OP',
    kind: 'TokenRequest',
    method: koa.method,
    url: clippedUrl(koa),
    info: {
      grantType: params.grant_type ?? null,
      clientId: clientId ?? null,
      clientAuthentication: clientAuthUsed(koa),
      registeredAuthentication: clientId
        ? (ctx.clients.get(clientId)?.tokenEndpointAuthMethod ?? null)
        : null,
      redirectUri: params.redirect_uri ?? null,
      codeVerifier: typeof params.code_verifier === 'string',
    },
  });

  const body = koa.body as TokenBody | undefined;
  // Seeded defect: the refresh grant answers with an access token it never keeps.
  if (refreshing && koa.status === 200 && ctx.defects.has('refresh-access-token-refused'))
    await entities.AccessToken?.destroy?.();
  if (koa.status !== 200 || typeof body?.id_token !== 'string') {
    ctx.trace.record({
      flow,
      direction: 'out',
      from: 'OP',
      to: 'RP',
      kind: 'TokenResponse',
      decoded: JSON.stringify(body ?? null, null, 2),
      info: {
        status: koa.status,
        error: body?.error ?? null,
        errorDescription: body?.error_description ?? null,
      },
    });
    return;
  }
  const { token: signed, forged, genuine } = await served(ctx, binding, body.id_token);
  const token = refreshing ? await refreshedIdToken(ctx, signed) : signed;
  body.id_token = token;
  const accessToken = entities.AccessToken;
  if (binding && accessToken?.jti) ctx.tokenFlows.set(accessToken.jti, binding);
  if (binding && entities.RefreshToken?.jti) ctx.refreshFlows.set(entities.RefreshToken.jti, binding);

  const sent = await inspectJwt(token, ctx.keys.jwks(), 'id_token');
  const named = genuine?.payload ?? sent.payload;
  if (flow !== undefined && clientId) {
    ctx.sessions.set(`${flow}\n${clientId}`, {
      sub: typeof named.sub === 'string' ? named.sub : undefined,
      sid: typeof named.sid === 'string' ? named.sid : undefined,
    });
  }
  ctx.trace.record({
    flow,
    direction: 'out',
    from: 'OP',
    to: 'RP',
    kind: 'TokenResponse',
    raw: token,
    decoded: formatJwt(sent),
    info: {
      status: koa.status,
      tokenType: body.token_type ?? null,
      scope: body.scope ?? null,
      idToken: { header: sent.header, claims: sent.payload, signature: sent.verdict },
      ...(forged ? { forged, genuine: { header: genuine?.header, claims: genuine?.payload } } : {}),
    },
  });
}
