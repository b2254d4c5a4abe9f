import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';

/** Signs in on the IdP simulator's form (the counterpart is ours, so its form is known). */
export async function loginAtIdpSimulator(page: Page, idpUrl: string, user: TestUser): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(idpUrl));
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('button[type=submit]').click();
}
