import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import { type AuthorizationOutcome, authorizationRequest, authorize, codeOf } from './authorize.ts';
import { type ReceivedIdToken, receiveIdToken } from './id-token.ts';
import { type OpTarget, opTarget } from './op-target.ts';
import { exchangeCode, issued, type TokenAnswer } from './token.ts';

/** One code flow, as far as it got: each stage present when it succeeded, else `problem` says where it broke. */
export interface CodeFlowResult {
  op: OpTarget;
  outcome: AuthorizationOutcome;
  code?: string;
  answer?: TokenAnswer;
  accessToken?: string;
  idToken?: ReceivedIdToken;
  problem?: string;
}

/**
 * A genuine authorization code flow through the browser (the login form filled when shown), the
 * code exchanged with the basic client and PKCE verifier, the ID token decoded and its signature
 * verified. `params` adds or replaces authorization request parameters.
 */
export async function codeFlow(
  page: Page,
  accord: Accord,
  params: Record<string, string | undefined> = {},
  opts: { credentials?: boolean } = {},
): Promise<CodeFlowResult> {
  const op = await opTarget(accord);
  const outcome = await authorize(page, accord, op, authorizationRequest(op, params), opts);
  const { code, problem } = codeOf(outcome);
  if (!code) return { op, outcome, problem };
  const answer = await exchangeCode(op, code, outcome.request.codeVerifier);
  const tokens = issued(answer);
  if (!tokens.idToken || !tokens.accessToken) return { op, outcome, code, answer, problem: tokens.problem };
  const idToken = await receiveIdToken(op, tokens.idToken);
  return { op, outcome, code, answer, accessToken: tokens.accessToken, idToken };
}
