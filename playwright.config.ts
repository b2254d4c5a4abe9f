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
/**
 * Tests that reconfigure their target for a while (`*.exclusive.spec.ts`) run after every other
 * test of the run, in a project of their own: Playwright's teardown project, which runs once the
 * main one is over whether or not its tests failed. Playwright does not apply the command line's
 * --grep to it, so its filter is the run's flows and grep together.
 */
const EXCLUSIVE = /\.exclusive\.spec\.ts$/;
const exclusiveFilters = [flowsSource, plan.grep].filter((s) => s !== undefined);
const exclusiveGrep =
  exclusiveFilters.length > 0
    ? new RegExp(exclusiveFilters.map((s) => `(?=[\\s\\S]*(?:${s}))`).join(''))
    : undefined;

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
  // project holds them all, and a second the exclusive tests that must run after it.
  projects: [
    { name: 'accord', testIgnore: EXCLUSIVE, teardown: 'accord-exclusive' },
    { name: 'accord-exclusive', testMatch: EXCLUSIVE, ...(exclusiveGrep ? { grep: exclusiveGrep } : {}) },
  ],
});
