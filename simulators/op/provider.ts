import Provider, {
  type Configuration,
  type ErrorOut,
  type FindAccount,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { claimsByScope, supportedScopes, userClaims } from '../../lib/oidc/user-claims.ts';
import { errorPage, escapeHtml, page } from '../shared/pages.ts';
import type { OpContext } from './context.ts';
import { recordBackchannelDelivery } from './hooks/backchannel-record.ts';
import { clippedUrl, cookieFlow } from './hooks/common.ts';
import { useHooks } from './hooks/index.ts';

/** Claims a plan may not replace: they are the token's, not the user's, and each has a forgery. */
export const PROTOCOL_CLAIMS = new Set([
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'auth_time',
  'acr',
  'amr',
  'sid',
  'at_hash',
  'c_hash',
  's_hash',
  '_claim_names',
  '_claim_sources',
]);

/** The user the account id names, with the claims a flow's plan replaces (TokenPlan.claims). */
function findAccount(ctx: OpContext): FindAccount {
  return async (_koa, accountId, token) => {
    const user = ctx.userBySubject(accountId);
    if (!user) return undefined;
    const jti = (token as { jti?: string } | undefined)?.jti;
    // oidc-provider writes the account id as sub and ties its tokens to it: a plan's sub is put
    // in by the token and userinfo hooks instead (replaceSubject).
    const { sub: _sub, ...replaced } =
      (ctx.codeFlows.get(jti) ?? ctx.tokenFlows.get(jti))?.plan?.plan.claims ?? {};
    return {
      accountId,
      claims: () => ({ ...userClaims(user, ctx.claimShape), ...replaced, sub: accountId }),
    };
  };
}

/**
 * oidc-provider's error page, in the simulators' look and recorded: the browser is shown it when
 * the client cannot be told (unknown client, unregistered redirect_uri, lost interaction).
 */
function renderError(ctx: OpContext) {
  return async (koa: KoaContextWithOIDC, out: ErrorOut): Promise<void> => {
    const error = String(out.error ?? 'error');
    const detail = String(out.error_description ?? error);
    ctx.trace.record({
      flow: cookieFlow(koa),
      direction: 'in',
      from: 'Browser',
      to: 'OP',
      kind: 'Error',
      method: koa.method,
      url: clippedUrl(koa),
      info: { status: koa.status, error, errorDescription: detail },
    });
    koa.type = 'html';
    koa.body = errorPage('Sign-in error', error, detail);
  };
}

/**
 * The logout confirmation submits itself (RP-initiated logout must not wait for a click in an
 * automated browser) and ends the whole OP session; the button remains for people without script.
 */
function logoutSource(ctx: OpContext) {
  return async (koa: KoaContextWithOIDC, form: string): Promise<void> => {
    koa.type = 'html';
    koa.body = page(
      ctx.look.title,
      `<h1>${escapeHtml(ctx.look.heading)}</h1><p>Signing out…</p>
${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}
<button type="submit" form="op.logoutForm" id="sign-out">Sign out</button>
<script>document.getElementById('op.logoutForm').submit()</script>`,
    );
  };
}

function postLogoutSuccessSource(ctx: OpContext) {
  return async (koa: KoaContextWithOIDC): Promise<void> => {
    koa.type = 'html';
    koa.body = page(
      ctx.look.title,
      `<h1>${escapeHtml(ctx.look.heading)}</h1><p class="ok" id="signed-out">You have signed out.</p>`,
    );
  };
}

export function providerConfiguration(ctx: OpContext): Configuration {
  const op = ctx.scenario.op;
  const cookie = ctx.cookiePrefix;
  return {
    adapter: (model: string) => ctx.store.adapter(model),
    clients: [],
    jwks: { keys: ctx.keys.published().map((k) => k.privateJwk) },
    findAccount: findAccount(ctx),
    claims: claimsByScope(op.claims),
    // The ID token carries the granted claims too, as enterprise OPs send them, not only userinfo.
    conformIdTokenClaims: op.claims === 'standard',
    scopes: supportedScopes(op.claims),
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    // PKCE is the relying party's choice here (RP-AUTHZ-PKCE judges it); when used, S256 only.
    pkce: { required: () => false },
    // Every code grant of a client registered for refresh_token gets a refresh token, offline_access
    // or not: enterprise OPs differ here, and OP-REFRESH needs one without a consent prompt.
    issueRefreshToken: async (_koa, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: () => false,
    cookies: {
      names: { session: cookie, interaction: `${cookie}_i`, resume: `${cookie}_r` },
      keys: ctx.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: logoutSource(ctx),
        postLogoutSuccessSource: postLogoutSuccessSource(ctx),
      },
      backchannelLogout: { enabled: true },
      // Dynamic Client Registration 1.0 (RFC 7591) without an initial access token: anyone on
      // loopback may register, as anyone may through the admin API. Entra ID offers none.
      registration: { enabled: op.dynamicRegistration },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
    },
    routes: {
      authorization: op.paths.authorization,
      token: op.paths.token,
      userinfo: op.paths.userinfo,
      jwks: op.paths.jwks,
      end_session: op.paths.endSession,
    },
    interactions: { url: (_koa, interaction) => `${ctx.mountPath}${op.paths.login}/${interaction.uid}` },
    ttl: {
      AccessToken: op.accessTokenLifetimeSeconds,
      AuthorizationCode: 60,
      IdToken: op.idTokenLifetimeSeconds,
      Interaction: 3600,
      Session: 86_400,
      Grant: 86_400,
      RefreshToken: 86_400,
    },
    renderError: renderError(ctx),
    // Every relying party of a test OP is on loopback, which the provider's SSRF guard refuses.
    fetch: async (url, options) => {
      const { dispatcher: _guard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      const response = await globalThis.fetch(url, rest);
      recordBackchannelDelivery(ctx, String(url), rest, response);
      return response;
    },
  };
}

/** A provider for the OP's current keys; the simulator makes a new one when its keys change. */
export function buildProvider(ctx: OpContext): Provider {
  const provider = new Provider(ctx.issuer, providerConfiguration(ctx));
  provider.on('server_error', (koa: KoaContextWithOIDC, err: Error) => {
    ctx.trace.record({
      direction: 'in',
      from: 'RP',
      to: 'OP',
      kind: 'Error',
      method: koa.method,
      url: koa.originalUrl.slice(0, 2048),
      info: { status: 500, error: err.message },
    });
  });
  useHooks(ctx, provider);
  // Seeded defect: the registered redirect URIs are never compared with the one asked for.
  if (ctx.defects.has('redirect-uri-not-enforced')) provider.Client.prototype.redirectUriAllowed = () => true;
  return provider;
}
