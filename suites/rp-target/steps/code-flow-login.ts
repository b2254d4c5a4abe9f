import { type Browser, type Page, type Route, test } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import { type Arrival, awaitArrival, SETTLE_AFTER_ERROR_MS } from '../../fixtures/await-arrival.ts';
import { counterpartUser } from '../../fixtures/counterpart-user.ts';
import type { Accord } from '../../fixtures/index.ts';
import { openLoginStart } from '../../fixtures/open-login-start.ts';
import { signInAtCounterpart } from '../../fixtures/sign-in-at-counterpart.ts';
import { judgeSignedIn, type Verdict } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { visibleText } from '../../fixtures/visible-text.ts';
import { registration } from './op.ts';
import { withOpSession } from './op-session.ts';

/** How a code flow through the browser ended. */
export interface CodeFlow {
  flowId: string;
  user: TestUser;
  /** The browser brought the authorization response to the redirect URI, and where it then ended. */
  arrival?: Arrival;
  /** Why the browser never brought an authorization response to the redirect URI. */
  broke?: string;
  /** The profile's success detector on the page the flow ended on. */
  verdict: Verdict;
}

const BACK_TO_OP_PAGE =
  '<!doctype html><title>back to the OP</title><p id="accord-back-to-op">The target sent the browser back to the OP.</p>';

/** How long a target's login page may take to send the browser on by script, once it has loaded. */
const LEAVE_LOGIN_PAGE_MS = 3000;

/**
 * Waits for the browser to leave the target for the OP (or come back with an answer): a login
 * page that sends it on by script does so soon after it loads; one that shows an error does not,
 * and the flow is over without waiting for the redirect URI's timeout.
 */
async function reachOp(
  page: Page,
  toOp: (u: URL) => boolean,
  answered: () => boolean,
  timeout: number,
): Promise<void> {
  const left = await page
    .waitForURL((u) => toOp(u) || answered(), { timeout })
    .then(() => true)
    .catch(() => false);
  if (!left) {
    const text = (await visibleText(page)).replace(/\s+/g, ' ').trim().slice(0, 160);
    throw new Error(
      `the target did not send the browser to the OP: it stayed on ${shortUrl(page.url())}${text ? ` showing "${text}"` : ''}`,
    );
  }
}

/** A URL for a check's detail: its query (a spent code, a state) left out. */
export function shortUrl(url: string | undefined): string {
  if (!url) return 'no page';
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
}

/**
 * A login through the RP in a real browser: the profile's login.start, the OP simulator (which
 * answers at once: the browser is given this worker's session there, made over HTTP; its form is
 * filled only when that session is gone), back to the redirect URI. Once the
 * authorization response has reached the redirect URI, the OP is out of reach for the rest of the
 * flow: a target that refused the response and started a new login must not be signed in by the
 * OP's next, genuine answer, or a refusal would look like a sign-in.
 */
async function codeFlowSteps(page: Page, accord: Accord, flowId: string): Promise<CodeFlow> {
  const user = await counterpartUser(accord);
  const opUrl = accord.runtime.counterpart.url;
  const opOrigin = new URL(opUrl).origin;
  const start = accord.profile.login?.start.redirect;
  const judge = (finalUrl: string, bodyText: string, status = 0) =>
    judgeSignedIn({ acsStatus: status, finalUrl, bodyText }, accord.profile.login!.success, (s, enc) =>
      accord.fill(s, userVars(user), enc),
    );
  if (!start) {
    const broke = `${accord.profile.name} declares no login.start.redirect`;
    return { flowId, user, broke, verdict: { signedIn: false, reason: broke } };
  }
  let answered = false;
  const toOp = (u: URL) => u.origin === opOrigin;
  const guard = (route: Route) =>
    answered
      ? route.fulfill({ status: 200, contentType: 'text/html', body: BACK_TO_OP_PAGE })
      : route.continue();
  await withOpSession(page.context(), accord, user);
  await page.route(toOp, guard);
  try {
    const arrival = await awaitArrival(
      page,
      registration(accord).redirectUris,
      ['code', 'error'],
      async () => {
        const opened = await openLoginStart(page, accord, accord.fill(start), user);
        // A start page that answered with an error status (the target refused to begin) rarely moves on by script.
        const wait = (opened?.status() ?? 0) >= 400 ? SETTLE_AFTER_ERROR_MS : LEAVE_LOGIN_PAGE_MS;
        if (!answered && !toOp(new URL(page.url()))) await reachOp(page, toOp, () => answered, wait);
        // With a session at the OP the browser comes straight back; otherwise the OP asks who signs in.
        if (!answered && toOp(new URL(page.url())))
          await signInAtCounterpart(page, opUrl, user, () => answered);
      },
      10_000,
      () => {
        answered = true;
      },
    );
    const verdict = judge(arrival.finalUrl, arrival.bodyText, arrival.status);
    if (!verdict.signedIn && toOp(new URL(arrival.finalUrl)))
      verdict.reason = `the target sent the browser back to the OP after the authorization response (${verdict.reason})`;
    return { flowId, user, arrival, verdict };
  } catch (e) {
    const broke = (e as Error).message.split('\n')[0];
    return { flowId, user, broke, verdict: { signedIn: false, reason: broke } };
  } finally {
    await page.unroute(toOp, guard);
  }
}

/** 'sign in: code flow', as one step of the report. */
export function codeFlowLogin(page: Page, accord: Accord, flowId = accord.flowId): Promise<CodeFlow> {
  return test.step(`sign in: code flow (flow ${flowId})`, () => codeFlowSteps(page, accord, flowId));
}

/**
 * The control of a refusal: a genuine login in a fresh browser context (its own flow id, no cookie
 * of the flow before) must sign in, or the refusal before it may only mean the target is broken.
 */
export async function control(browser: Browser, accord: Accord): Promise<{ ok: boolean; detail: string }> {
  return test.step('control: a genuine login in a fresh browser context', async () => {
    const context = await browser.newContext();
    try {
      const flowId = await accord.tag(context);
      const flow = await codeFlowSteps(await context.newPage(), accord, flowId);
      return {
        ok: flow.verdict.signedIn,
        detail: flow.verdict.signedIn
          ? `a genuine login in a fresh browser context signed in right after (flow ${flowId})`
          : `a genuine login in a fresh browser context did not sign in either (flow ${flowId}: ${flow.verdict.reason})`,
      };
    } finally {
      await context.close();
    }
  });
}

/** What the page said, shortened for a check's detail. */
export function pageSays(flow: CodeFlow): string {
  const text = (flow.arrival?.bodyText ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
