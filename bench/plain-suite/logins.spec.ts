import { expect, test } from '@playwright/test';
import { LOGINS_PER_TEST, PLAIN_TESTS } from './size.ts';

for (let i = 1; i <= PLAIN_TESTS; i++) {
  test(`logins ${i}`, async ({ browser }) => {
    for (let j = 0; j < LOGINS_PER_TEST; j++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${process.env.PLAIN_LOGIN_URL}/start`);
      await page.waitForURL('**/landing');
      await expect(page.locator('h1')).toHaveText('Signed in as alice');
      await context.close();
    }
  });
}
