import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { page } from '../shared/pages.ts';
import type { RpDefectName } from './defects.ts';
import type { OpConnection } from './op-connection.ts';
import { RuleRefusal } from './rules/rule.ts';

/**
 * Where RP-Initiated Logout 1.0 (2, 3) sends a browser whose session here has just ended: the OP's
 * end_session_endpoint with id_token_hint, client_id, post_logout_redirect_uri and state. Undefined
 * when the OP publishes none or cannot be reached now (the session here is over all the same), and
 * with logout-local-only; logout-no-hint leaves id_token_hint out.
 */
export async function endSessionUrl(
  op: OpConnection,
  args: { idToken: string; postLogoutRedirectUri: string; defects: ReadonlySet<RpDefectName> },
): Promise<URL | undefined> {
  if (args.defects.has('logout-local-only')) return undefined;
  let config: oidc.Configuration;
  try {
    config = await op.configuration();
  } catch (e) {
    if (!(e instanceof RuleRefusal)) throw e;
    return undefined;
  }
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  const params: Record<string, string> = {
    client_id: op.settings.clientId,
    post_logout_redirect_uri: args.postLogoutRedirectUri,
    state: randomBytes(16).toString('base64url'),
  };
  if (!args.defects.has('logout-no-hint')) params.id_token_hint = args.idToken;
  return oidc.buildEndSessionUrl(config, params);
}

/** The trace entry of where logout sent the browser: the OP's end_session_endpoint, or back here. */
export function logoutSent(from: 'RP' | 'SP', url: string, endSession: URL | undefined) {
  return {
    direction: 'out',
    from,
    to: endSession ? 'OP' : 'Browser',
    kind: endSession ? 'LogoutRequest' : 'LocalLogout',
    binding: 'HTTP-Redirect',
    method: 'GET',
    url,
  } as const;
}

/** The post_logout_redirect_uri's page: signed out of `what` (HTML text), with a way back in. */
export function signedOutPage(what: string): string {
  return page(
    'Signed out',
    `<h1>Signed out</h1><div class="ok" id="accord-logged-out"><p>You are signed out of ${what}.</p></div><p><a href="/login">Sign in again</a></p>`,
  );
}
