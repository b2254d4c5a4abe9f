import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import type { PreflightVerdict } from '../../preflight/verdict.ts';
import { idpInitiatedAtTarget, spInitiatedAtTarget } from './idp-login.ts';

/**
 * Whether the trust exchange with an IdP target works: a genuine login started at the reference SP
 * must bring a Response from the target to the reference SP's ACS. What the Response holds is for
 * the checks.
 */
export async function idpPreflight(page: Page, accord: Accord): Promise<PreflightVerdict> {
  const caps = accord.profile.capabilities;
  const login = caps.spInitiated
    ? await spInitiatedAtTarget(page, accord, caps.bindings.includes('redirect') ? 'redirect' : 'post')
    : await idpInitiatedAtTarget(page, accord);
  if (login.response || login.outcome.acsStatus > 0)
    return { ok: true, reason: 'a genuine login brought a Response to the reference SP' };
  const where = login.outcome.bodyText.replace(/\s+/g, ' ').trim().slice(0, 200);
  return {
    ok: false,
    reason: `the target never sent a Response to the reference SP after the metadata exchange (${where || `the browser stopped at ${login.outcome.finalUrl}`}): check that it accepted the reference SP's metadata`,
  };
}
