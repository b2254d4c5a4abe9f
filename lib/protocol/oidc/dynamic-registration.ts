import type { OidcClientRegistration } from '../../admin/oidc-protocol.ts';
import { fetchFailure } from '../../net/fetch-failure.ts';
import type { OpClientCredentials } from '../../target/types.ts';

/** What Accord asks an OP to register: a registration without the id and secret the OP issues. */
export type ClientRequest = Omit<OidcClientRegistration, 'clientId' | 'clientSecret'> & {
  /** authorization_code, and refresh_token where the profile declares refresh tokens. */
  grantTypes: string[];
};

const AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post']);

/** The client metadata of RFC 7591 2 and OpenID Connect Dynamic Client Registration 1.0 section 2. */
export function registrationMetadata(c: ClientRequest): Record<string, unknown> {
  return {
    client_name: 'Accord OP suite',
    application_type: 'web',
    redirect_uris: c.redirectUris,
    ...(c.postLogoutRedirectUris ? { post_logout_redirect_uris: c.postLogoutRedirectUris } : {}),
    token_endpoint_auth_method: c.tokenEndpointAuthMethod,
    grant_types: c.grantTypes,
    response_types: ['code'],
    ...(c.scope ? { scope: c.scope } : {}),
  };
}

/**
 * Registers one client at an OP's registration_endpoint (RFC 7591 3.1) and returns the credentials
 * it issued (3.2.1), authenticated the way it registered the client. A refusal (3.2.2) or an answer
 * without client_id or client_secret is an error naming the endpoint and what it answered.
 */
export async function registerDynamically(
  endpoint: string,
  request: ClientRequest,
  initialAccessToken?: string,
): Promise<OpClientCredentials> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (initialAccessToken) headers.authorization = `Bearer ${initialAccessToken}`;
  const res = await fetch(endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify(registrationMetadata(request)),
  }).catch((e: Error) => {
    throw new Error(`registration_endpoint ${endpoint} cannot be reached: ${fetchFailure(e)}`);
  });
  const text = await res.text();
  const fail = (why: string) => new Error(`registration_endpoint ${endpoint} ${why}: ${text.slice(0, 300)}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw fail(`answered ${res.status}, not JSON`);
  }
  if (!res.ok) throw fail(`refused the registration with ${res.status}`);
  const { client_id: id, client_secret: secret, token_endpoint_auth_method: method } = body;
  if (typeof id !== 'string' || id === '') throw fail('issued no client_id');
  if (typeof secret !== 'string' || secret === '') throw fail('issued no client_secret');
  // RFC 7591 3.2.1: the server may register other values than those asked for; it is they that hold.
  const registered = method ?? request.tokenEndpointAuthMethod;
  if (typeof registered !== 'string' || !AUTH_METHODS.has(registered))
    throw fail(`registered token_endpoint_auth_method ${JSON.stringify(method)}, which Accord does not use`);
  return {
    id,
    secret,
    tokenEndpointAuthMethod: registered as OpClientCredentials['tokenEndpointAuthMethod'],
  };
}
