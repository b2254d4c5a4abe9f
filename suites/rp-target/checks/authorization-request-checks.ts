import type { Accord } from '../../fixtures/index.ts';
import { registration } from '../steps/op.ts';
import type { Params } from '../steps/op-trace.ts';

/**
 * Fewer characters than this cannot hold the 128 bits RFC 6749 10.10 asks of values an attacker
 * must not guess, in the base64url most clients use (22 characters); 16 allows for hex at 64 bits,
 * the least found in practice, so a short state is what is flagged, not an encoding.
 */
const MIN_STATE_LENGTH = 16;

/** A parameter's single value; a parameter sent twice is as good as malformed (RFC 6749 3.1). */
export function single(params: Params, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? undefined : v;
}

function shown(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined) return `no ${name}`;
  return Array.isArray(v) ? `${name} sent ${v.length} times` : `${name}=${JSON.stringify(v)}`;
}

/** RP-AUTHZ-01, -REDIRECT, -CSRF and -STATE, from the request the OP received. */
export async function checkAuthorizationRequest(accord: Accord, params: Params): Promise<void> {
  const reg = registration(accord);
  const { checks } = accord;

  const problems: string[] = [];
  if (single(params, 'response_type') !== 'code')
    problems.push(`${shown(params, 'response_type')} (the code flow asks for "code")`);
  if (single(params, 'client_id') !== reg.clientId)
    problems.push(`${shown(params, 'client_id')} (registered: "${reg.clientId}")`);
  const scope = single(params, 'scope')?.split(' ') ?? [];
  if (!scope.includes('openid')) problems.push(`${shown(params, 'scope')}, without openid`);
  await checks.record(
    'RP-AUTHZ-01',
    problems.length === 0,
    problems.length === 0
      ? `response_type=code, client_id=${reg.clientId}, scope="${scope.join(' ')}"`
      : `the authentication request has ${problems.join('; ')}`,
  );

  const redirect = single(params, 'redirect_uri');
  const registered = redirect !== undefined && reg.redirectUris.includes(redirect);
  await checks.record(
    'RP-AUTHZ-REDIRECT',
    registered,
    registered
      ? `redirect_uri ${redirect} is registered`
      : `${shown(params, 'redirect_uri')}, which matches none of the registered ${reg.redirectUris.join(', ')} exactly (OIDC Core 3.1.2.1 asks for simple string comparison)`,
  );

  const bindings = ['state', 'nonce', 'code_challenge'].filter((n) => single(params, n));
  await checks.record(
    'RP-AUTHZ-CSRF',
    bindings.length > 0,
    bindings.length > 0
      ? `bound to the browser by ${bindings.join(', ')}`
      : 'the authentication request carries neither state, nonce nor code_challenge: nothing binds the response to the browser that asked (login CSRF)',
  );

  const state = single(params, 'state');
  await checks.record(
    'RP-AUTHZ-STATE',
    state !== undefined && state.length >= MIN_STATE_LENGTH,
    state === undefined
      ? `the authentication request has ${shown(params, 'state')}`
      : state.length >= MIN_STATE_LENGTH
        ? `state of ${state.length} characters`
        : `state ${JSON.stringify(state)} has ${state.length} characters: too short to be unguessable (RFC 6749 10.10 asks for 128 bits)`,
  );
}

/** RP-AUTHZ-PKCE: a S256 code_challenge in the request, and the verifier the OP accepted at the token endpoint. */
export function pkceProblems(
  params: Params,
  verifierSent: boolean | undefined,
  tokenStatus: number | undefined,
): string[] {
  const problems: string[] = [];
  const challenge = single(params, 'code_challenge');
  const method = single(params, 'code_challenge_method');
  if (!challenge) return [`the authentication request has ${shown(params, 'code_challenge')}`];
  // RFC 7636 4.2: S256 is base64url of a SHA-256 digest, 43 characters.
  if (method !== 'S256')
    problems.push(
      `${shown(params, 'code_challenge_method')} (S256 is required where the client can, RFC 7636 4.2)`,
    );
  else if (!/^[A-Za-z0-9_-]{43}$/.test(challenge))
    problems.push(`code_challenge ${JSON.stringify(challenge)} is no base64url SHA-256 digest`);
  if (verifierSent === undefined)
    problems.push('the target made no token request, so no code_verifier was seen');
  else if (!verifierSent) problems.push('the token request carries no code_verifier');
  else if (tokenStatus !== 200)
    problems.push(`the OP refused the code_verifier with the code (token endpoint answered ${tokenStatus})`);
  return problems;
}
