import { basicAuthorization } from '../../../lib/oidc/client-secret-basic.ts';
import type { OpClientCredentials } from '../../../lib/target/types.ts';
import { endpoint, type OpTarget } from './op-target.ts';

/** A token endpoint answer: its status and JSON body (empty when it was not JSON). */
export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

/** A token request authenticated the way the client is registered (client_secret_basic or _post). */
export async function tokenRequest(
  op: OpTarget,
  client: OpClientCredentials,
  params: Record<string, string>,
  /** A Basic header to send instead of the one built here (OP-TOKEN-AUTH-BASIC-ENCODED). */
  authorization?: string,
): Promise<TokenAnswer> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (client.tokenEndpointAuthMethod === 'client_secret_basic')
    headers.authorization = basicAuthorization(client.id, client.secret);
  else {
    form.set('client_id', client.id);
    form.set('client_secret', client.secret);
  }
  if (authorization) headers.authorization = authorization;
  const res = await fetch(endpoint(op, 'token_endpoint'), { method: 'POST', headers, body: form });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the checks say so from the status and text.
  }
  return { status: res.status, body, text: text.slice(0, 500) };
}

/** The authorization_code grant for a code, with the request's PKCE verifier. */
export function exchangeCode(
  op: OpTarget,
  code: string,
  codeVerifier: string,
  client: OpClientCredentials = op.client,
  authorization?: string,
): Promise<TokenAnswer> {
  return tokenRequest(
    op,
    client,
    { grant_type: 'authorization_code', code, redirect_uri: op.redirectUri, code_verifier: codeVerifier },
    authorization,
  );
}

/** A token answer that issued tokens: its ID and access tokens, or what is wrong with it. */
export function issued(answer: TokenAnswer): { idToken?: string; accessToken?: string; problem?: string } {
  const { body } = answer;
  if (answer.status !== 200)
    return { problem: `the token endpoint answered ${answer.status}: ${answer.text}` };
  if (typeof body.id_token !== 'string') return { problem: 'the token response carries no id_token' };
  if (typeof body.access_token !== 'string') return { problem: 'the token response carries no access_token' };
  if (String(body.token_type ?? '').toLowerCase() !== 'bearer')
    return { problem: `token_type is ${JSON.stringify(body.token_type)}, not Bearer` };
  return { idToken: body.id_token, accessToken: body.access_token };
}

export type UserinfoCarrier = 'get-header' | 'post-header' | 'post-body';

/** A userinfo answer: status and claims (undefined when not a JSON object). */
export interface UserinfoAnswer {
  status: number;
  claims?: Record<string, unknown>;
  text: string;
}

/** Userinfo with the access token where `carrier` says (OIDC Core 5.3.1, RFC 6750 2.1 and 2.2). */
export async function userinfo(
  op: OpTarget,
  accessToken: string,
  carrier: UserinfoCarrier,
): Promise<UserinfoAnswer> {
  const url = endpoint(op, 'userinfo_endpoint');
  const headers: Record<string, string> = { accept: 'application/json' };
  let init: RequestInit;
  if (carrier === 'post-body') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init = { method: 'POST', headers, body: new URLSearchParams({ access_token: accessToken }) };
  } else {
    headers.authorization = `Bearer ${accessToken}`;
    init = { method: carrier === 'get-header' ? 'GET' : 'POST', headers };
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let claims: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      claims = parsed as Record<string, unknown>;
  } catch {
    // A signed or encrypted userinfo response is not JSON: the check says what came.
  }
  return { status: res.status, claims, text: text.slice(0, 300) };
}
