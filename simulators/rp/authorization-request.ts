import * as oidc from 'openid-client';
import type { RpDefectName } from './defects.ts';
import type { OpConnection } from './op-connection.ts';
import { RuleRefusal } from './rules/rule.ts';
import type { PendingAuthorization } from './sessions.ts';

export const DEFAULT_SCOPE = 'openid profile email';

/**
 * The authentication request (OIDC Core 3.1.2.1): response_type=code, the registered redirect_uri,
 * and the browser bound to it three ways: state (RFC 6749 10.12), a nonce (OIDC Core 3.1.2.1)
 * and PKCE S256 (RFC 7636). Seeded defects drop or bend exactly the parameter they name. An OP
 * that cannot be used now (discovery failed, a wrong issuer) gives the RuleRefusal naming why.
 */
export async function authenticationRequest(args: {
  op: OpConnection;
  redirectUri: string;
  scope?: string;
  defects: ReadonlySet<RpDefectName>;
  now: number;
}): Promise<{ url: URL; pending: PendingAuthorization } | RuleRefusal> {
  const { defects } = args;
  let config: oidc.Configuration;
  try {
    config = await args.op.configuration();
  } catch (e) {
    if (!(e instanceof RuleRefusal)) throw e;
    return e;
  }
  const bound = !defects.has('no-csrf-binding');
  const state = bound && !defects.has('no-state') ? oidc.randomState() : undefined;
  const nonce = bound ? oidc.randomNonce() : undefined;
  const codeVerifier = bound && !defects.has('no-pkce') ? oidc.randomPKCECodeVerifier() : undefined;
  // A query parameter the registration does not have makes the URI match none (RFC 6749 3.1.2.3).
  const redirectUri = defects.has('unregistered-redirect')
    ? `${args.redirectUri}?from=login`
    : args.redirectUri;
  const params: Record<string, string> = {
    response_type: defects.has('wrong-response-type') ? 'token' : 'code',
    redirect_uri: redirectUri,
    scope: args.scope ?? DEFAULT_SCOPE,
  };
  if (state) params.state = state;
  if (nonce) params.nonce = nonce;
  if (codeVerifier) {
    params.code_challenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
    params.code_challenge_method = 'S256';
  }
  return {
    url: oidc.buildAuthorizationUrl(config, params),
    pending: { state, nonce, codeVerifier, redirectUri, at: args.now },
  };
}
