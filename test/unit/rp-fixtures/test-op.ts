import { createPublicKey } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/*
 * A small OpenID Provider for the reference RP's unit tests: oidc-provider with one user, one
 * client, no login page (every interaction signs "alice" in and grants what was asked), and a
 * middleware that, when a test asks, replaces exactly one thing of a genuine answer. The
 * simulators/op OP is not used here: these tests are about the RP alone.
 */

export const USER = { sub: 'alice', email: 'alice@example.test', name: 'Alice Example' };

export interface ClientSetup {
  redirectUri: string;
  postLogoutRedirectUri: string;
  backchannelLogoutUri: string;
  authMethod?: 'client_secret_basic' | 'client_secret_post';
}

/** What a test changes in the next answers; undefined fields leave the OP genuine. */
export interface Tamper {
  /** Rewrites the claims or header of the genuine ID token; the result is signed with `signWith`. */
  idToken?: (claims: JWTPayload) => Promise<string>;
  /** Changes the query of the authorization response redirect. */
  authorizationResponse?: (query: URLSearchParams) => void;
  userinfo?: (body: Record<string, unknown>) => void;
}

/** What the RP sent the OP, for assertions on the RP's requests. */
export interface Seen {
  tokenRequests: Array<{ authorization?: string; body: string }>;
  userinfoRequests: Array<{ method: string; authorization?: string; body: string }>;
  backchannel: Array<{ ok: boolean; error?: string }>;
}

export interface TestOp {
  issuer: string;
  discoveryUrl: string;
  /** Serves the genuine document at another URL, so its issuer differs from where it was fetched. */
  mismatchedDiscoveryUrl: string;
  clientId: string;
  clientSecret: string;
  kid: string;
  /** The OP's public signing key as PEM (SPKI), what an algorithm-confusion forgery MACs with. */
  publicPem: string;
  tamper: Tamper;
  seen: Seen;
  /** Signs claims with the OP's own key (kid in the header), as the OP would. */
  sign(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  /** Publishes a new key in the JWKS and returns a signer with it: a rotation mid-run. */
  rotate(): Promise<(claims: JWTPayload) => Promise<string>>;
  close(): Promise<void>;
}

async function rsaKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, use: 'sig', alg: 'RS256' };
  return { privateKey, publicJwk, privateJwk };
}

export async function startTestOp(client: ClientSetup): Promise<TestOp> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const key = await rsaKey('op-key-1');
  const extraKeys: JWK[] = [];
  const tamper: Tamper = {};
  const seen: Seen = { tokenRequests: [], userinfoRequests: [], backchannel: [] };
  const clientId = 'reference-rp';
  const clientSecret = 'a-client-secret-of-some-length-0123456789';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [client.redirectUri],
        post_logout_redirect_uris: [client.postLogoutRedirectUri],
        backchannel_logout_uri: client.backchannelLogoutUri,
        backchannel_logout_session_required: true,
        token_endpoint_auth_method: client.authMethod ?? 'client_secret_basic',
      },
    ],
    jwks: { keys: [key.privateJwk] },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = `<!doctype html><html><body>${form}<button form="op.logoutForm" name="logout" value="yes">Yes</button></body></html>`;
        },
      },
    },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ ...USER, sub }) }),
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Consent is implied: every client gets the scopes it asked for.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId,
        accountId: ctx.oidc.session?.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    // Its SSRF guard refuses special-use addresses such as 127.0.0.1, where the RP's back channel is.
    fetch: (url, options) => globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit),
    cookies: { names: { session: 'testop_s', interaction: 'testop_i', resume: 'testop_r' }, keys: ['k'] },
  });
  provider.on('backchannel.success', () => seen.backchannel.push({ ok: true }));
  provider.on('backchannel.error', (_ctx, err: Error) =>
    seen.backchannel.push({ ok: false, error: err.message }),
  );

  provider.use(async (ctx: KoaContextWithOIDC, next) => {
    await next();
    // The provider parses form bodies into ctx.oidc.body; read it once the route ran.
    const form = () => new URLSearchParams((ctx.oidc?.body ?? {}) as Record<string, string>).toString();
    if (ctx.path === '/token')
      seen.tokenRequests.push({ authorization: ctx.get('authorization') || undefined, body: form() });
    if (ctx.path === '/me')
      seen.userinfoRequests.push({
        method: ctx.method,
        authorization: ctx.get('authorization') || undefined,
        body: form(),
      });
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.path === '/token' && typeof body?.id_token === 'string' && tamper.idToken)
      ctx.body = { ...body, id_token: await tamper.idToken(decodeJwt(body.id_token)) };
    if (ctx.path === '/me' && body && typeof body === 'object' && tamper.userinfo) tamper.userinfo(body);
    const location = ctx.response.get('location');
    if (location?.startsWith(client.redirectUri.split('?')[0] as string) && tamper.authorizationResponse) {
      const url = new URL(location);
      tamper.authorizationResponse(url.searchParams);
      ctx.redirect(url.href);
    }
    if (ctx.path === '/jwks' && extraKeys.length > 0)
      ctx.body = { keys: [...((ctx.body as { keys: JWK[] }).keys ?? []), ...extraKeys] };
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    try {
      if (req.url?.startsWith('/interaction/')) {
        await provider.interactionFinished(req, res, { login: { accountId: USER.sub } });
        return;
      }
      if (req.url === '/mismatch/.well-known/openid-configuration') {
        const doc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).text();
        res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
        return;
      }
      callback(req, res);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });

  const sign = (claims: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.publicJwk.kid, ...header })
      .sign(key.privateKey);

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    mismatchedDiscoveryUrl: `${issuer}/mismatch/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    kid: key.publicJwk.kid as string,
    publicPem: createPublicKey({ key: key.publicJwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString(),
    tamper,
    seen,
    sign,
    async rotate() {
      const next = await rsaKey(`op-key-${extraKeys.length + 2}`);
      extraKeys.push(next.publicJwk);
      return (claims) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: next.publicJwk.kid })
          .sign(next.privateKey);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
