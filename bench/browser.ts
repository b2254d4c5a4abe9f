import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startRun } from '../cli/harness/start-run.ts';
import type { TestUser } from '../lib/admin/protocol.ts';
import { chromiumLaunchOptions } from '../lib/run/browser.ts';

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

/** Wall time of the default conformance run (every built-in scenario, both roles). */
export function benchDefaultRun(workers: number): { seconds: number; exitCode: number } {
  const out = mkdtempSync(join(tmpdir(), 'accord-bench-run-'));
  const t0 = performance.now();
  const res = spawnSync(
    process.execPath,
    ['bin/accord.js', 'run', '--no-report', '--workers', String(workers), '--out', out],
    {
      stdio: 'ignore',
      env: { ...process.env, ACCORD_QUIET: '1' },
    },
  );
  return { seconds: (performance.now() - t0) / 1000, exitCode: res.status ?? -1 };
}
