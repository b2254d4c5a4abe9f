import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../../lib/run/browser.ts';

/** A Playwright suite with no Accord code in it, for what the stack alone gains from more workers. */
export default defineConfig({
  testDir: '.',
  testMatch: 'logins.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  reporter: 'null',
  use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
});
