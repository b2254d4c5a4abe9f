import { type Page, type Route, test } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { Accord } from '../../fixtures/index.ts';
import { judgeSignedIn, type Verdict } from '../../fixtures/success-detector.ts';
import { userVars } from './sp-login.ts';
import { visibleText } from './visible-text.ts';

const NEW_LOGIN_PAGE =
  '<!doctype html><title>new login</title><p id="accord-new-login">The SP sent the browser to the IdP to sign in again.</p>';

/**
 * Opens the page a login ended on again and judges it with the profile's success detector. While
 * it loads, the IdP is out of reach: an SP whose session ended sends the browser to sign in again,
 * and an IdP that still knows the user would answer at once and make the user seem signed in.
 */
async function revisitLandingSteps(
  page: Page,
  accord: Accord,
  landing: string,
  user: TestUser,
): Promise<Verdict> {
  const idp = new URL(accord.runtime.counterpart.url).origin;
  const stub = (route: Route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: NEW_LOGIN_PAGE });
  const toIdp = (u: URL) => u.origin === idp;
  await page.route(toIdp, stub);
  try {
    const status = (await page.goto(landing).catch(() => null))?.status() ?? 0;
    const bodyText = await visibleText(page);
    const verdict = judgeSignedIn(
      { acsStatus: 0, finalUrl: page.url(), bodyText },
      accord.profile.login!.success,
      (s, enc) => accord.fill(s, userVars(user), enc),
    );
    if (!verdict.signedIn && toIdp(new URL(page.url())))
      return {
        signedIn: false,
        reason: `the SP sent the browser to the IdP to sign in again (${page.url()})`,
      };
    if (status >= 400)
      return {
        signedIn: false,
        reason: `it answered ${status}${verdict.signedIn ? '' : `; ${verdict.reason}`}`,
      };
    return verdict;
  } finally {
    await page.unroute(toIdp, stub);
  }
}

/** 'revisit the page the login ended on', as one step of the report. */
export function revisitLanding(...args: Parameters<typeof revisitLandingSteps>): Promise<Verdict> {
  return test.step('revisit the page the login ended on', () => revisitLandingSteps(...args));
}
