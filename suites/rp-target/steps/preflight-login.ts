import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import type { PreflightVerdict } from '../../preflight/verdict.ts';
import { codeFlowLogin } from './code-flow-login.ts';

/**
 * Whether the exchange with an RP target works: a genuine login must bring an authorization
 * response from the OP simulator back to the RP's redirect URI. What the RP then does with it
 * (the token request, the ID token checks, the user) is for the checks.
 */
export async function rpPreflight(page: Page, accord: Accord): Promise<PreflightVerdict> {
  const flow = await codeFlowLogin(page, accord, accord.flowId);
  if (flow.arrival)
    return { ok: true, reason: 'a genuine login brought an authorization response to the RP' };
  return {
    ok: false,
    reason: `no authorization response reached the RP's redirect URI after the exchange (${flow.broke}): check that the RP was given the OP and that its client is registered there`,
  };
}
