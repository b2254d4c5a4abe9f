import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startRun } from '../cli/harness/start-run.ts';
import type { TestUser } from '../lib/admin/protocol.ts';
import { chromiumLaunchOptions } from '../lib/run/browser.ts';
import { PLAYWRIGHT_JUNIT_FILE } from '../reports/junit-per-check.ts';
import { junitTestSeconds } from './junit-seconds.ts';
import { type TimedRun, timedRun } from './timed-run.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of a warm SP-initiated login in a real browser, a new context each time. */
export async function benchWarmLogin(samples = 20): Promise<{ medianMs: number; samples: number[] }> {
  const run = await startRun({
    targets: [resolve('targets/reference-sp.yaml')],
    scenarios: [resolve('scenarios/adfs.yaml')],
    flows: [],
    outDir: mkdtempSync(join(tmpdir(), 'accord-bench-browser-')),
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const p = Object.values(run.manifest.projects)[0];
    const user = ((await (await fetch(`${p.counterpart.url}/__accord/test-users`)).json()) as TestUser[])[0];
    const start = `${p.targetBaseUrl}/login?binding=redirect&idp=${encodeURIComponent(p.counterpart.entityId)}`;
    const once = async () => {
      const t0 = performance.now();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(start);
      await page.locator('#username').fill(user.username);
      await page.locator('#password').fill(user.password);
      await page.locator('button[type=submit]').click();
      await page.waitForURL(`${p.targetBaseUrl}/me`);
      await context.close();
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await once());
    return { medianMs: median(times), samples: times.map((t) => Math.round(t)) };
  } finally {
    await browser.close();
    await run.stop();
  }
}

/**
 * What the browser alone costs, whatever the simulators do: a new context with its page, opened
 * and closed; and one navigation to a tiny data: document. A login needs one of the first and
 * about three of the second, so these bound how fast a warm login can be on this machine.
 */
export async function benchBrowserFloor(samples = 20): Promise<{ contextMs: number; navigationMs: number }> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const contextOnce = async () => {
      const t0 = performance.now();
      const context = await browser.newContext();
      await context.newPage();
      await context.close();
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await contextOnce();
    const contexts: number[] = [];
    for (let i = 0; i < samples; i++) contexts.push(await contextOnce());
    const context = await browser.newContext();
    const page = await context.newPage();
    const navigations: number[] = [];
    for (let i = 0; i < samples + 3; i++) {
      const t0 = performance.now();
      await page.goto(`data:text/html,<p>${i}</p>`);
      if (i >= 3) navigations.push(performance.now() - t0);
    }
    await context.close();
    return { contextMs: median(contexts), navigationMs: median(navigations) };
  } finally {
    await browser.close();
  }
}

export interface DefaultRun extends TimedRun {
  /** The tests' own durations added up, from the run's JUnit output. */
  testSeconds?: number;
}

/**
 * Wall time of the default conformance run (every built-in scenario, both roles), with what the
 * machine spent on it: near every core busy, more workers cannot make it faster.
 */
export function benchDefaultRun(workers: number): DefaultRun {
  const out = mkdtempSync(join(tmpdir(), 'accord-bench-run-'));
  try {
    const run = timedRun(
      ['bin/accord.js', 'run', '--no-report', '--workers', String(workers), '--out', out],
      {
        ACCORD_QUIET: '1',
      },
    );
    return { ...run, testSeconds: junitTestSeconds(join(out, PLAYWRIGHT_JUNIT_FILE)) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
