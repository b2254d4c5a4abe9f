import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

/**
 * The headless shell first: it is what Playwright itself runs headless, and it opens a context in
 * a third of the time the full browser's headless mode takes (the run is bound by browser CPU).
 */
const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
];

/**
 * Playwright's own Chromium when it is installed; otherwise the distribution's, with the flags
 * a sandbox-less, network-less machine needs (no background fetches that would fail or leak traffic).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const explicit = process.env.ACCORD_CHROMIUM;
  if (explicit) return systemLaunch(explicit);
  let own = '';
  try {
    own = chromium.executablePath();
  } catch {
    own = '';
  }
  if (own && existsSync(own)) return {};
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (!system) {
    throw new Error(
      "no Chromium found: run `npx playwright install chromium` or install Debian's `chromium-headless-shell`",
    );
  }
  return systemLaunch(system);
}

function systemLaunch(executablePath: string): LaunchOptions {
  return {
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
