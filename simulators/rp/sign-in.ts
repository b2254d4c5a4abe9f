import * as oidc from 'openid-client';
import type { RpDefectName } from './defects.ts';
import { ExchangeCapture } from './exchange-capture.ts';
import type { OpConnection } from './op-connection.ts';
import { openIdClientRefusal } from './openid-client-refusal.ts';
import {
  AUTHORIZATION_RESPONSE_RULES,
  type AuthorizationResponse,
  answeredRequest,
} from './rules/authorization-response.ts';
import { decodeReceivedJwt, type ReceivedJwt, type TokenExpectations } from './rules/jwt.ts';
import { firstRefusal, RuleRefusal } from './rules/rule.ts';
import { ID_TOKEN_RULES } from './rules/tables.ts';
import type { PendingAuthorization, RpSignIn } from './sessions.ts';
import { userOf } from './user.ts';
import { userinfoClaims } from './userinfo.ts';

export interface CodeFlowInput {
  op: OpConnection;
  defects: ReadonlySet<RpDefectName>;
  skewSeconds: number;
  now: () => number;
  /** The redirect_uri as reached, with the response in its query. */
  callbackUrl: URL;
  response: AuthorizationResponse;
  /** This browser's requests waiting for an answer, oldest first. */
  pending: readonly PendingAuthorization[];
  /** Called with the request the response answers, once it is known to answer one. */
  answered(request: PendingAuthorization): void;
  /** The ID token as received, for the trace. */
  received?(idToken: ReceivedJwt): void;
}

const refuse = (r: { rule: string; reason: string }) => new RuleRefusal(r.rule, r.reason);

/**
 * Completes the authorization code flow (OIDC Core 3.1.2.5 - 3.1.3.7, 5.3): checks the response,
 * exchanges the code with openid-client, holds the ID token and userinfo to every rule, and
 * returns who signed in. Every refusal is a RuleRefusal naming the rule.
 */
export async function completeCodeFlow(input: CodeFlowInput): Promise<RpSignIn> {
  const { op, defects } = input;
  const meta = await op.serverMetadata();
  const responseExpect = {
    issuer: meta.issuer,
    issParameterAdvertised: meta.authorization_response_iss_parameter_supported === true,
    pending: input.pending,
  };
  const responseRefusal = await firstRefusal(
    AUTHORIZATION_RESPONSE_RULES,
    defects,
    input.response,
    responseExpect,
  );
  if (responseRefusal) throw refuse(responseRefusal);
  // Only skip-state-check gets here without a matching request: it takes the latest.
  const request = answeredRequest(input.response, responseExpect) ?? input.pending[input.pending.length - 1];
  if (!request)
    throw new RuleRefusal('state', 'this browser has no authentication request waiting for an answer');
  input.answered(request);

  const view = op.libraryView;
  const capture = new ExchangeCapture(
    { token: meta.token_endpoint ?? '', userinfo: meta.userinfo_endpoint },
    view.hidesIdToken,
  );
  const config = await op.configuration(capture.fetch);
  const expect: TokenExpectations = {
    issuer: meta.issuer,
    clientId: op.settings.clientId,
    clientSecret: op.settings.clientSecret,
    now: Math.floor(input.now() / 1000),
    skewSeconds: input.skewSeconds,
    keys: await op.keys(),
    nonce: request.nonce,
  };
  const idTokenRefusal = async (raw: string | undefined) => {
    if (raw === undefined) return new RuleRefusal('id-token', 'the token response carries no id_token');
    const jwt = decodeReceivedJwt(raw);
    if ('malformed' in jwt) return new RuleRefusal('id-token', `the id_token is no JWT: ${jwt.malformed}`);
    input.received?.(jwt);
    const refusal = await firstRefusal(ID_TOKEN_RULES, defects, jwt, expect);
    return refusal ? refuse(refusal) : undefined;
  };

  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, view.callbackUrl(input.callbackUrl, meta.issuer), {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: view.expectedState(request),
      expectedNonce: view.hidesIdToken ? undefined : request.nonce,
      idTokenExpected: !view.hidesIdToken,
    });
  } catch (e) {
    // The RP's own rule names what the library refused when it can; else the library's words.
    throw (
      (capture.idToken !== undefined ? await idTokenRefusal(capture.idToken) : undefined) ??
      openIdClientRefusal('token-request', e)
    );
  }
  const refused = await idTokenRefusal(capture.idToken);
  if (refused) throw refused;
  const idTokenClaims = (decodeReceivedJwt(capture.idToken as string) as ReceivedJwt).claims;
  const sub = typeof idTokenClaims.sub === 'string' ? idTokenClaims.sub : undefined;

  const userinfo = await userinfoClaims({
    config,
    accessToken: tokens.access_token,
    sub,
    defects,
    view,
    capture,
  });
  return {
    iss: meta.issuer,
    sub,
    sid: typeof idTokenClaims.sid === 'string' ? idTokenClaims.sid : undefined,
    idToken: capture.idToken as string,
    idTokenClaims,
    userinfo,
    user: userOf({ ...idTokenClaims, ...userinfo }, defects),
    at: input.now(),
  };
}
