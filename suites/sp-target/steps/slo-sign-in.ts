import type { Page } from '@playwright/test';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import type { Accord } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import type { Verdict } from '../../fixtures/success-detector.ts';
import type { SloLoginWay, SloTarget } from './slo-preconditions.ts';
import { idpInitiatedLogin, type LoginResult, spInitiatedLogin } from './sp-login.ts';

export interface SignedIn {
  login: LoginResult;
  /** The landing page revisited before any logout: the proof that revisiting shows the user. */
  before: Verdict;
}

function signIn(page: Page, accord: Accord, way: SloLoginWay): Promise<LoginResult> {
  return way === 'unsolicited' ? idpInitiatedLogin(page, accord) : spInitiatedLogin(page, accord, way);
}

/** Signs the user in for a logout test; on failure every check of the test fails as inconclusive. */
export async function signedInForLogout(
  page: Page,
  accord: Accord,
  target: SloTarget,
  checks: readonly CheckId[],
): Promise<SignedIn | undefined> {
  const login = await signIn(page, accord, target.way).catch((e: Error) => e);
  if (login instanceof Error || !login.verdict.signedIn) {
    const why = login instanceof Error ? login.message.split('\n')[0] : login.verdict.reason;
    for (const id of checks)
      await accord.checks.inconclusive(
        id,
        `the sign-in before the logout failed (${target.way} login, flow ${accord.flowId}): ${why}`,
      );
    return undefined;
  }
  return { login, before: await revisitLanding(page, accord, login.outcome.finalUrl, login.user) };
}

/** The verdict of a logout check whose control failed: revisiting never showed the user. */
export function revisitUnjudgeable(s: SignedIn): string | undefined {
  return s.before.signedIn
    ? undefined
    : `revisiting ${s.login.outcome.finalUrl} before any logout already did not show the user (${s.before.reason})`;
}
