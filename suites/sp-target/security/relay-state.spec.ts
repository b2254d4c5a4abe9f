import type { Dialog, Response } from '@playwright/test';
import { OPEN_REDIRECTS } from '../../../lib/saml/tamper/index.ts';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { visibleText } from '../../fixtures/visible-text.ts';
import { MessageFlows, type Via } from '../steps/message-flows.ts';

const CHECK = 'SP-SEC-OPEN-REDIRECT';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** How long the Response may take to reach the ACS, and its page to load, before moving on. */
const ACS_WAIT_MS = 10_000;
/** After that page has loaded, how long a script or meta refresh may take to move the browser on. */
const SCRIPT_GRACE_MS = 200;

interface PayloadResult {
  payload: string;
  flowId: string;
  /** Where the target tried to send the browser, when it was the payload's destination. */
  sentTo?: string;
  signedIn: boolean;
  detail: string;
}

/** Does `url` (resolved against `base`) lead where the payload wants the browser to go? */
function foreign(url: string, base: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url, base);
  } catch {
    return undefined;
  }
  if (u.protocol === 'javascript:') return u.href;
  if (/^https?:$/.test(u.protocol) && !LOOPBACK.has(u.hostname)) return u.href;
  return undefined;
}

/**
 * Signs in with the payload as RelayState (the IdP simulator sends it back in its place) and
 * watches everything that would take the browser away: a Location header, a request to another
 * host (answered by the suite, so nothing leaves the machine), a script dialog.
 */
async function tryPayload(session: MessageFlows, via: Via, payload: string): Promise<PayloadResult> {
  const { page, flowId } = await session.nextFlow();
  const seen: string[] = [];
  let acsAnswered = false;
  const acs = new URL(session.acsUrl);
  const onDialog = (d: Dialog) => {
    seen.push(`a script dialog ("${d.message()}")`);
    void d.dismiss().catch(() => undefined);
  };
  const onResponse = (r: Response) => {
    const u = new URL(r.url());
    if (u.origin === acs.origin && u.pathname === acs.pathname && r.request().method() === 'POST') {
      acsAnswered = true;
    }
    const location = r.headers().location;
    const target = location ? foreign(location, r.url()) : undefined;
    if (target) seen.push(`${target} (Location from ${r.url()})`);
  };
  page.on('dialog', onDialog);
  page.on('response', onResponse);
  try {
    await page.route(
      (u) => foreign(u.href, session.acsUrl) !== undefined,
      async (route) => {
        seen.push(route.request().url());
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="evil">evil.test</p>' });
      },
    );
    await session.accord.counterpart.planFlow(flowId, { relayState: payload });
    // Until the page the ACS answer leads to has loaded; a payload that never gets there is judged below.
    await awaitAcs(
      page,
      session.acsUrl,
      () => session.openStart(page, via).catch(() => undefined),
      ACS_WAIT_MS,
    ).catch(() => undefined);
    await page.waitForTimeout(SCRIPT_GRACE_MS);
    const bodyText = await visibleText(page);
    const finalUrl = page.url();
    const signedIn =
      seen.length === 0 && session.judge({ acsStatus: 200, finalUrl, bodyText }, session.genuine).signedIn;
    return {
      payload,
      flowId,
      sentTo: seen[0],
      signedIn,
      detail: seen.length
        ? `sent the browser to ${seen.join(', ')}`
        : acsAnswered
          ? `ended on ${finalUrl}${signedIn ? ', signed in' : ', not signed in'}`
          : 'the Response never reached the ACS',
    };
  } finally {
    page.off('dialog', onDialog);
    page.off('response', onResponse);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  }
}

eachProject('sp', () => {
  checkTest(
    'does not follow a RelayState to a foreign or script URL',
    // Where the target sends the browser after a login is its own rule, whichever IdP signed the user in.
    { flow: 'security', checks: ['SP-SEC-OPEN-REDIRECT'], oncePerTarget: true },
    async ({ accord, browser }) => {
      test.setTimeout(120_000);
      await MessageFlows.run(accord, browser, async (session) => {
        const mark = session.fallbackMark;
        const via = session.via();
        const note = session.fellBackSince(mark);
        if (!via) {
          await accord.checks.skip(CHECK, 'the target declares no login flow a RelayState can ride on');
          return;
        }
        const results: PayloadResult[] = [];
        for (const payload of OPEN_REDIRECTS) results.push(await tryPayload(session, via, payload));
        const each = results.map((r) => `"${r.payload}" (flow ${r.flowId}): ${r.detail}`).join('; ');
        if (results.some((r) => r.sentTo)) {
          await accord.checks.fail(CHECK, each, note);
        } else if (results.every((r) => r.signedIn)) {
          await accord.checks.pass(CHECK, `signed in and stayed on the target every time: ${each}`, note);
        } else {
          // Some payload left the browser signed out: a refusal counts if the target works at all.
          const control = await session.control(via);
          if (control.ok) await accord.checks.pass(CHECK, `${each}; ${control.detail} right after`, note);
          else await accord.checks.inconclusive(CHECK, `${each}; ${control.detail}`, note);
        }
      });
    },
  );
});
