import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../lib/run/browser.ts';

export interface OfflineOpening {
  /** Whether an element matching `selector` appeared within the time given. */
  rendered: boolean;
  /** Every request that left the file (not file:, not inline data), each failed. */
  remote: string[];
  /** file: requests other than the report itself (a multi-file report's data). */
  siblings: string[];
}

async function openOnce(context: BrowserContext, url: string, selector: string, timeoutMs: number) {
  const remote = new Set<string>();
  const siblings = new Set<string>();
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('data:') || u === url) return route.continue();
    if (u.startsWith('file:')) {
      siblings.add(u);
      return route.continue();
    }
    remote.add(u);
    return route.abort();
  });
  const page = await context.newPage();
  // Requests the router does not see (a worker's, a beacon) still count.
  page.on('request', (r) => {
    const u = r.url();
    if (u.startsWith('file:')) {
      if (u !== url) siblings.add(u);
    } else if (!u.startsWith('data:')) remote.add(u);
  });
  await page.goto(url, { waitUntil: 'commit' });
  // Polled by time, not animation frames: a page in the background gets few of those.
  const rendered = await page
    .waitForFunction((s) => document.querySelector(s) !== null, selector, {
      timeout: timeoutMs,
      polling: 250,
    })
    .then(() => true)
    .catch(() => false);
  // Late requests (analytics load asynchronously) get their chance before the count.
  await page.waitForTimeout(500);
  return { rendered, remote: [...remote], siblings: [...siblings] };
}

/**
 * Opens an HTML report from disk in Chromium the way a customer would, `times` times in fresh
 * contexts, with every request that leaves the file failed and counted, and waits for `selector`
 * (something only the report's data can draw) each time.
 */
export async function openReportOffline(
  file: string,
  selector: string,
  times: number,
  timeoutMs = 60_000,
): Promise<OfflineOpening[]> {
  const url = pathToFileURL(file).href;
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const openings: OfflineOpening[] = [];
    // One after the other: on a busy machine, pages opened at once starve each other of CPU.
    for (let i = 0; i < times; i++) {
      const context = await browser.newContext();
      try {
        openings.push(await openOnce(context, url, selector, timeoutMs));
      } finally {
        await context.close();
      }
    }
    return openings;
  } finally {
    await browser.close();
  }
}
