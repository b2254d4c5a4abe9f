import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import { type Arrival, awaitArrival } from '../../fixtures/await-arrival.ts';
import type { Accord } from '../../fixtures/index.ts';
import { signInAtCounterpart } from '../../fixtures/sign-in-at-counterpart.ts';
import { judgeSignedIn } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { visibleText } from '../../fixtures/visible-text.ts';
import { acsUrlOf } from '../steps/sp-login.ts';
import { describeLanding, routeAddress } from './route-address.ts';
import type { RoutedIdp, RoutingWorld } from './routing-world.ts';

/** Where an email-first sign-in went, and whether it ended signed in (the reason either way). */
export interface RoutedSignIn {
  seen: string;
  signedIn: boolean;
  reason: string;
}

/** Where the sign-in at `idp` comes back to the target, and the parameters that carry it. */
function returnOf(accord: Accord, idp: RoutedIdp): { endpoints: string[]; params: string[] } {
  if (idp.kind === 'oidc')
    return {
      endpoints: (accord.profile.routing?.oidc?.client.redirectUris ?? []).map((u) => accord.fill(u)),
      params: ['code', 'error'],
    };
  return { endpoints: [acsUrlOf(accord)], params: ['SAMLResponse'] };
}

/**
 * Begins email-first sign-in for `email`, requires it to reach `idp`, signs in there as `user`, and
 * judges the end by the profile's login.success: at a SAML IdP or an OP, the simulator's form and
 * the answer at the ACS or redirect URI; at the built-in IdP, the password form the profile's
 * routing.builtinIdp.loginForm names.
 */
export async function signInRouted(
  page: Page,
  accord: Accord,
  world: RoutingWorld,
  idp: RoutedIdp,
  user: TestUser,
  email = user.email,
): Promise<RoutedSignIn> {
  let seen = `${email} → not routed`;
  const route = async () => {
    const landing = await routeAddress(page, accord, world, email);
    seen = describeLanding(email, landing);
    if (landing.idp !== idp) throw new Error(`${email} was not sent to IdP "${idp.name}"`);
  };
  const outcome = await (idp.kind === 'builtin'
    ? route().then(() => passwordSignIn(page, accord, user, email))
    : awaitArrival(page, returnOf(accord, idp).endpoints, returnOf(accord, idp).params, async () => {
        await route();
        await signInAtCounterpart(page, idp.url!, user);
      })
  ).catch((e: Error) => e);
  if (outcome instanceof Error) return { seen, signedIn: false, reason: outcome.message };
  const v = judgeSignedIn(
    { acsStatus: outcome.status, finalUrl: outcome.finalUrl, bodyText: outcome.bodyText },
    accord.profile.login!.success,
    (s, enc) => accord.fill(s, userVars(user), enc),
  );
  return { seen, signedIn: v.signedIn, reason: `${email} at "${idp.name}": ${v.reason}` };
}

/** The built-in IdP's password form, filled and sent; the page the browser ends on once it answers. */
async function passwordSignIn(page: Page, accord: Accord, user: TestUser, email: string): Promise<Arrival> {
  const form = accord.profile.routing?.builtinIdp?.loginForm;
  if (!form) throw new Error('the profile declares no routing.builtinIdp.loginForm');
  // The document the form's answer ends on: past any redirect, the page or the refusal.
  const answered = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.request().frame() === page.mainFrame() &&
      (r.status() < 300 || r.status() >= 400),
    { timeout: 15_000 },
  );
  await page.locator(form.username).fill(email);
  await page.locator(form.password).fill(user.password);
  await page.locator(form.submit).click();
  const res = await answered;
  await page.waitForLoadState('load');
  return { status: res.status(), finalUrl: page.url(), bodyText: await visibleText(page) };
}
