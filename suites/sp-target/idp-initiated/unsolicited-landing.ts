import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { Accord } from '../../fixtures/index.ts';
import { revisitLandingSteps } from '../../fixtures/revisit-landing.ts';
import type { AcsOutcome, Verdict } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';

/**
 * The RelayState an unsolicited Response carries when its sender chose none: the profile's
 * login.unsolicited.relayState (a new {token} each time), else none. An SP with no RelayState
 * lands on its own home page, which often shows no user (Shibboleth's `/`).
 */
export function unsolicitedRelayState(accord: Accord): string {
  const rs = accord.profile.login?.unsolicited?.relayState;
  return rs ? accord.fill(rs, { token: `accord${randomBytes(6).toString('hex')}` }) : '';
}

/**
 * Where the profile says the session shows after an unsolicited Response: its signed-in page,
 * opened with the IdP out of reach and judged by that page's text. Undefined when the profile
 * declares none (the page the ACS led to is then judged by login.success).
 */
export async function judgeSignedInPage(
  page: Page,
  accord: Accord,
  outcome: AcsOutcome,
  user: TestUser,
): Promise<{ outcome: AcsOutcome; verdict: Verdict } | undefined> {
  const signedIn = accord.profile.login?.unsolicited?.signedIn;
  if (!signedIn) return undefined;
  const url = accord.fill(signedIn.url);
  const verdict = await revisitLandingSteps(page, accord, url, user, { text: signedIn.text });
  const shown: AcsOutcome = {
    acsStatus: outcome.acsStatus,
    finalUrl: page.url(),
    bodyText: verdict.signedIn ? accord.fill(signedIn.text, userVars(user)) : '',
  };
  const ended = `the ACS answered ${outcome.acsStatus} and led to ${outcome.finalUrl}`;
  return {
    outcome: shown,
    verdict: verdict.signedIn
      ? { signedIn: true, reason: `${ended}; the signed-in page ${url} shows the user` }
      : { signedIn: false, reason: `${ended}; the signed-in page ${url}: ${verdict.reason}` },
  };
}
