import type { Page } from '@playwright/test';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import type { Accord } from '../../fixtures/index.ts';
import { counterpartSp } from './idp-login.ts';
import { loginPageShown } from './login-form.ts';

export interface Prompt {
  /** The IdP showed its login form; false: it answered the reference SP at once. */
  prompted: boolean;
  detail: string;
}

/**
 * Starts an SP-initiated login at the reference SP from a browser that signed in at the target
 * before, and tells whether the IdP asks for credentials (its session is gone) or posts a Response
 * to the ACS at once (it still knows the user). Nothing is typed into the form.
 */
export async function loginPrompts(
  page: Page,
  accord: Accord,
  binding: 'redirect' | 'post',
): Promise<Prompt> {
  const sp = await counterpartSp(accord);
  const form = loginPageShown(page, accord.profile.loginForm!);
  const q = new URLSearchParams({ idp: accord.runtime.targetEntityId, binding });
  const timeout = 15_000;
  const asked = form.waitFor({ state: 'visible', timeout }).then(() => 'form' as const);
  // Until the ACS has answered and its page loaded, the SP may still hold the session it replaces.
  const answered = awaitAcs(
    page,
    sp.acsUrl,
    () => page.goto(`${sp.loginUrl}?${q}`).catch(() => undefined),
    timeout,
  ).then(() => 'acs' as const);
  // The loser keeps waiting until its own timeout; Promise.any has handled its rejection.
  const first = await Promise.any([asked, answered]).catch(() => 'neither' as const);
  if (first === 'form') return { prompted: true, detail: `the IdP showed its login form at ${page.url()}` };
  if (first === 'acs')
    return { prompted: false, detail: 'the IdP posted a Response to the ACS without asking for credentials' };
  throw new Error(
    `neither the IdP's login form nor a Response to ${sp.acsUrl} within ${timeout} ms (at ${page.url()})`,
  );
}
