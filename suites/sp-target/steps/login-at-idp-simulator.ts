import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';

/**
 * Signs in on the IdP simulator's form (the counterpart is ours, so its form is known). When the
 * simulator answers with its error page instead (it refused the request), says why at once.
 */
export async function loginAtIdpSimulator(page: Page, idpUrl: string, user: TestUser): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(idpUrl));
  const form = page.locator('#username');
  const refusal = page.locator('#accord-error');
  await form.or(refusal).first().waitFor();
  if (await refusal.isVisible()) {
    const check = await refusal.getAttribute('data-check');
    throw new Error(
      `the IdP simulator refused the request (${check}): ${((await refusal.textContent()) ?? '').replace(/\s+/g, ' ')}`,
    );
  }
  await form.fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('button[type=submit]').click();
}
