import type { Page } from '@playwright/test';
import type { EchoPage } from '../../../lib/target/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { type EchoedClaims, parseClaimsEcho } from '../checks/claims-echo.ts';

/** Reads the profile's echo page in the signed-in browser: its own URL, or the page the login ended on. */
export async function readClaimsEcho(page: Page, accord: Accord, echo: EchoPage): Promise<EchoedClaims> {
  if (echo.url) await page.goto(accord.fill(echo.url));
  const where = `${accord.profile.name} echo ${echo.selector} at ${page.url()}`;
  const el = page.locator(echo.selector).first();
  if ((await el.count()) === 0) throw new Error(`${where}: no element matches the selector`);
  return parseClaimsEcho((await el.textContent()) ?? '', where);
}
