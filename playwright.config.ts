import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/run/browser.ts';
import { planFromEnv } from './lib/run/plan.ts';
import { expandProjectsOnce } from './lib/run/run-inputs.ts';
import { accordReporters } from './reports/reporters.ts';

const plan = planFromEnv();
// Read and check the run's profiles once, here in the runner, before any worker starts: the
// workers (and the suites declaring a test per project) inherit the result.
expandProjectsOnce(plan);
const flowsSource = plan.flows.length > 0 ? plan.flows.map((f) => `@${f}\\b`).join('|') : undefined;
const flows = flowsSource ? new RegExp(flowsSource) : undefined;

export default defineConfig({
  testDir: 'suites',
  outputDir: `${plan.outDir}/test-results`,
  globalSetup: './cli/harness/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Number(process.env.ACCORD_WORKERS ?? 2),
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: accordReporters(plan.outDir),
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    actionTimeout: 10_000,
    navigationTimeout: 10_000,
  },
  grep: flows,
  // The suites declare each test once per (target, scenario) project of the run
  // (suites/fixtures/each-project.ts), so workers are not restarted between them: one Playwright
  // project holds them all. Tests that reconfigure their target hold Playwright's exclusive lock
  // (eachProject's `exclusive`): they run last, alone, in the same workers.
  projects: [{ name: 'accord' }],
});
