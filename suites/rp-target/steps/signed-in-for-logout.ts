import type { Page } from '@playwright/test';
import type { RpCheckId } from '../../../lib/checks/catalog.ts';
import type { Accord } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import { type CodeFlow, codeFlowLogin } from './code-flow-login.ts';

export interface SignedIn {
  flow: CodeFlow;
  /** The page the login ended on: revisiting it, with the OP out of reach, tells whether the session lives. */
  landing: string;
}

/**
 * Signs the user in for a logout test and proves the probe works: revisiting the landing page with
 * the OP out of reach shows the user before any logout, so a page that later does not is a session
 * that ended. When either fails, every check of the test is inconclusive.
 */
export async function signedInForLogout(
  page: Page,
  accord: Accord,
  checks: readonly RpCheckId[],
): Promise<SignedIn | undefined> {
  const flow = await codeFlowLogin(page, accord);
  const landing = flow.arrival?.finalUrl;
  let why = flow.verdict.signedIn
    ? undefined
    : `the sign-in before the logout failed (flow ${flow.flowId}): ${flow.verdict.reason}`;
  if (!why && landing) {
    const before = await revisitLanding(page, accord, landing, flow.user);
    if (!before.signedIn)
      why = `revisiting ${landing} right after the sign-in, before any logout, did not show the user (${before.reason})`;
  }
  if (why || !landing) {
    for (const id of checks) await accord.checks.inconclusive(id, why ?? 'the sign-in ended on no page');
    return undefined;
  }
  return { flow, landing };
}
