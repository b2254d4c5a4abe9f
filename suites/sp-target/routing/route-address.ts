import type { Page } from '@playwright/test';
import { escapeRegExp } from '../../../lib/target/index.ts';
import type { Accord } from '../../fixtures/index.ts';
import type { RoutedIdp, RoutingWorld } from './routing-world.ts';

/** Where email-first sign-in left the browser: the IdP it reached, if any, and the page it shows. */
export interface Landing {
  idp?: RoutedIdp;
  url: string;
  html: string;
}

const SETTLE_MS = 3_000;

function landedAt(accord: Accord, world: RoutingWorld, url: string): RoutedIdp | undefined {
  for (const idp of world.idps) {
    if (idp.url && url.startsWith(idp.url)) return idp;
    const landing = accord.profile.routing?.builtinIdp?.landing;
    if (idp.kind === 'builtin' && landing && new RegExp(accord.fill(landing, {}, escapeRegExp)).test(url))
      return idp;
  }
  return undefined;
}

/** Begins email-first sign-in for `email` (routing.start) and waits until the browser reaches an IdP or settles. */
export async function routeAddress(
  page: Page,
  accord: Accord,
  world: RoutingWorld,
  email: string,
): Promise<Landing> {
  const start = accord.fill(accord.profile.routing!.start, { email: encodeURIComponent(email) });
  // An IdP with a session of its own may answer at once and send the browser back: every page the
  // browser passed through counts.
  const visited: string[] = [];
  const onNavigate = (frame: import('@playwright/test').Frame) => {
    if (frame === page.mainFrame()) visited.push(frame.url());
  };
  page.on('framenavigated', onNavigate);
  try {
    await page.goto(start);
    await page
      .waitForURL((u) => landedAt(accord, world, u.href) !== undefined, { timeout: SETTLE_MS })
      .catch(() => {});
    // The IdP may still be redirecting to its own login page: read the page once it has settled.
    for (let attempt = 0; ; attempt++) {
      await page.waitForLoadState('load').catch(() => {});
      try {
        const html = await page.content();
        const url = page.url();
        const passed = [...visited, url]
          .map((u) => landedAt(accord, world, u))
          .filter((i) => i !== undefined);
        return { idp: passed.at(-1), url, html };
      } catch (e) {
        if (attempt >= 5) throw e;
        await page.waitForTimeout(200);
      }
    }
  } finally {
    page.off('framenavigated', onNavigate);
  }
}

/** Whether the page offers the IdP: it is there, or the page links to it by its address or entityID. */
export function offers(landing: Landing, idp: RoutedIdp): boolean {
  if (landing.idp === idp) return true;
  const marks = [idp.url, idp.entityId].filter((m): m is string => m !== undefined);
  return marks.some((m) => landing.html.includes(m) || landing.html.includes(encodeURIComponent(m)));
}

/** Says where an address went, for the evidence. */
export function describeLanding(email: string, l: Landing): string {
  return `${email} → ${l.idp ? `IdP "${l.idp.name}"` : 'no IdP'} (${l.url})`;
}
