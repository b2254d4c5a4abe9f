import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Started } from './simulators.ts';

/** What a genuine OIDC sign-in at the corpus's OP leaves for the generators to build on. */
export interface OidcGenuine {
  clientId: string;
  clientSecret: string;
  /** The RP's redirect_uri, registered for the client. */
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** A PKCE verifier and its S256 challenge. */
  codeVerifier: string;
  codeChallenge: string;
  /** An interaction left open at the OP (its login page path and the cookie that names it). */
  interactionPath: string;
  interactionCookie: string;
  /** From one completed code flow: its (now used) code, ID token and access token. */
  code: string;
  idToken: string;
  accessToken: string;
  /** The signed-in user's object id, which the groups overage endpoint is addressed by. */
  oid: string;
}

const CLIENT_ID = 'corpus-rp';
const CLIENT_SECRET = 'corpus-secret-0123456789abcdef';
const VERIFIER = 'corpus-verifier-0123456789abcdefghijklmnopqrstuvwxyz';

/** Cookies as a browser on 127.0.0.1 keeps them: by name (each simulator names its own). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
}

/** One manual-redirect GET or POST that must redirect; the jar keeps what it set. */
async function step(url: string, jar: Jar, init: RequestInit = {}): Promise<string> {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.take(res);
  const location = res.headers.get('location');
  if (!location) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} without a redirect`);
  return new URL(location, url).href;
}

/**
 * Registers the RP as a client of the OP and points the RP at the OP, as the OIDC harness does;
 * then signs a test user in at the OP by HTTP alone (authorization, login form, token request), so
 * that hostile inputs can start from genuine codes, tokens and an open interaction.
 */
export async function connectRpToOp(rp: Started, op: Started): Promise<OidcGenuine> {
  const redirectUri = rp.info.redirectUri;
  await post(`${op.info.baseUrl}/__accord/clients`, {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [rp.info.postLogoutRedirectUri],
    backchannelLogoutUri: rp.info.backchannelLogoutUri,
  });
  await post(`${rp.info.baseUrl}/__accord/op`, {
    discoveryUrl: op.info.discoveryUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  });

  const codeChallenge = createHash('sha256').update(VERIFIER).digest('base64url');
  const authorize = () => {
    const u = new URL(op.info.authorizationEndpoint);
    u.search = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      state: 'corpus-state',
      nonce: 'corpus-nonce',
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return u.href;
  };
  // One interaction stays open for the login routes' hostile inputs.
  const open = new Jar();
  const interactionUrl = await step(authorize(), open);

  const users = (await (await fetch(`${op.info.baseUrl}/__accord/test-users`)).json()) as Array<{
    username: string;
    password: string;
  }>;
  const jar = new Jar();
  const login = await step(authorize(), jar);
  const resume = await step(login, jar, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: users[0].username, password: users[0].password }).toString(),
  });
  const callback = new URL(await step(resume, jar));
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`the OP did not answer with a code: ${callback.href}`);
  const res = await fetch(op.info.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: VERIFIER,
    }).toString(),
  });
  const tokens = (await res.json()) as { id_token?: string; access_token?: string };
  if (!tokens.id_token || !tokens.access_token)
    throw new Error(`token request: ${res.status} ${JSON.stringify(tokens)}`);
  const claims = decodeJwt(tokens.id_token);
  return {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri,
    postLogoutRedirectUri: rp.info.postLogoutRedirectUri,
    codeVerifier: VERIFIER,
    codeChallenge,
    interactionPath: new URL(interactionUrl).pathname,
    interactionCookie: open.header(),
    code,
    idToken: tokens.id_token,
    accessToken: tokens.access_token,
    oid: typeof claims.oid === 'string' ? claims.oid : 'corpus-oid',
  };
}
