import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { createLocalJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { send } from './load.ts';

/*
 * One OpenID Connect authorization code flow over HTTP, as a confidential client with PKCE does
 * it, with no browser and no client library in the timed loop: the same steps, checked the same
 * way, against any OP, so two OPs are measured by one method.
 */

/** An OP as its discovery document describes it, and the client registered there. */
export interface CodeFlowTarget {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userinfoEndpoint: string;
  jwks: JWTVerifyGetKey;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scope: string;
}

/** Reads the OP's discovery document and JWKS once; the JWKS is kept for every ID token after. */
export async function discoverTarget(
  issuer: string,
  client: Pick<CodeFlowTarget, 'clientId' | 'clientSecret' | 'redirectUri' | 'scope'>,
): Promise<CodeFlowTarget> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`discovery at ${url} answered ${res.status}`);
  const d = (await res.json()) as Record<string, string>;
  const jwks = await fetch(d.jwks_uri);
  if (!jwks.ok) throw new Error(`JWKS at ${d.jwks_uri} answered ${jwks.status}`);
  return {
    issuer: d.issuer,
    authorizationEndpoint: d.authorization_endpoint,
    tokenEndpoint: d.token_endpoint,
    userinfoEndpoint: d.userinfo_endpoint,
    jwks: createLocalJWKSet(await jwks.json()),
    ...client,
  };
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

/** A fresh authorization request: state, nonce and an S256 code challenge (RFC 7636 4.2). */
export function authorizationRequest(t: CodeFlowTarget): AuthorizationRequest {
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: t.clientId,
    redirect_uri: t.redirectUri,
    response_type: 'code',
    scope: t.scope,
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return { url: `${t.authorizationEndpoint}?${query}`, state, nonce, verifier };
}

const isRedirect = (status: number) => status === 302 || status === 303;

/** client_secret_basic: id and secret form-encoded, then base64 (RFC 6749 2.3.1). */
function basicAuth(t: CodeFlowTarget): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(t.clientId)}:${enc(t.clientSecret)}`).toString('base64')}`;
}

/**
 * Authorize (with the session `cookie` names, if the OP needs one), token, userinfo. Answers
 * undefined when every step answered as the specifications say, else which step did not.
 */
export async function codeFlow(
  agent: http.Agent,
  t: CodeFlowTarget,
  cookie: string,
): Promise<string | undefined> {
  const req = authorizationRequest(t);
  const authz = await send(agent, {
    method: 'GET',
    url: req.url,
    headers: cookie ? { cookie } : {},
  });
  const location = authz.headers.location;
  if (!isRedirect(authz.status) || !location?.startsWith(t.redirectUri))
    return `authorize answered ${authz.status} to ${location ?? authz.body.slice(0, 200)}`;
  const back = new URL(location).searchParams;
  const code = back.get('code');
  if (!code) return `authorize sent no code: ${location}`;
  if (back.get('state') !== req.state) return `authorize sent state ${back.get('state')}, not ${req.state}`;
  const iss = back.get('iss');
  if (iss !== null && iss !== t.issuer) return `authorize sent iss ${iss}, not ${t.issuer}`;

  const token = await send(agent, {
    method: 'POST',
    url: t.tokenEndpoint,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(t) },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: t.redirectUri,
      code_verifier: req.verifier,
    }).toString(),
  });
  if (token.status !== 200) return `token answered ${token.status}: ${token.body.slice(0, 200)}`;
  const tokens = JSON.parse(token.body) as Record<string, unknown>;
  if (typeof tokens.access_token !== 'string' || String(tokens.token_type).toLowerCase() !== 'bearer')
    return `token sent no bearer access token: ${token.body.slice(0, 200)}`;
  if (typeof tokens.id_token !== 'string') return 'token sent no id_token';
  const { payload } = await jwtVerify(tokens.id_token, t.jwks, {
    issuer: t.issuer,
    audience: t.clientId,
    algorithms: ['RS256'],
    requiredClaims: ['sub', 'iat', 'exp'],
  });
  if (payload.nonce !== req.nonce) return `the ID token has nonce ${payload.nonce}, not ${req.nonce}`;
  if (typeof payload.sub !== 'string') return 'the ID token has no sub';

  const userinfo = await send(agent, {
    method: 'GET',
    url: t.userinfoEndpoint,
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  if (userinfo.status !== 200) return `userinfo answered ${userinfo.status}: ${userinfo.body.slice(0, 200)}`;
  const sub = (JSON.parse(userinfo.body) as { sub?: unknown }).sub;
  if (sub !== payload.sub) return `userinfo sent sub ${String(sub)}, the ID token ${payload.sub}`;
  return undefined;
}
