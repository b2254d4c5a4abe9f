import type { Page } from '@playwright/test';

/** The page's text as a person sees it: what success detectors read. */
export function visibleText(page: Page): Promise<string> {
  const body = page.locator('body');
  // innerText: rendered text, not script or hidden text.
  return body.innerText({ timeout: 2000 }).catch(() => '');
}
