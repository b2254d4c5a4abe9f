import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TimedRun, timedRun } from './timed-run.ts';

const playwrightCli = createRequire(import.meta.url).resolve('@playwright/test/cli');

/**
 * A plain Playwright suite of login-shaped browser flows (new context, auto-posted form, redirect,
 * a check of the page) against a server doing no work: how the browser stack alone scales with
 * workers on this machine, the yardstick for the default run's speed-up.
 */
export function benchPlainSuite(workers: number): TimedRun {
  const out = mkdtempSync(join(tmpdir(), 'accord-bench-plain-'));
  try {
    return timedRun([
      playwrightCli,
      'test',
      '--config',
      join(import.meta.dirname, 'plain-suite/playwright.config.ts'),
      '--workers',
      String(workers),
      '--output',
      out,
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
