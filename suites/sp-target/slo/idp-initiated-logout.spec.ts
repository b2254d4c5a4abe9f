import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { IssuedLogoutRequest } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { awaitSamlArrival } from '../../fixtures/await-arrival.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import { judgeSpLogoutResponse } from '../checks/logout-response-checks.ts';
import { postForm } from '../steps/post-form.ts';
import { type SloTarget, sloTarget } from '../steps/slo-preconditions.ts';
import { revisitUnjudgeable, type SignedIn, signedInForLogout } from '../steps/slo-sign-in.ts';
import { counterpartInfo } from '../steps/sp-login.ts';

const CHECKS: CheckId[] = ['SP-SLO-04', 'SP-SLO-05'];

/**
 * How many browsers the user is signed in from. The IdP ends their sessions newest first: an SP
 * that looks a session up by NameID alone, rather than by the SessionIndex the request names, finds
 * an older session of the same user and cannot end the one named, whatever order it keeps them in.
 */
const BROWSERS = 3;

interface Browsed {
  page: Page;
  flowId: string;
  signedIn: SignedIn;
}

/** Carries an IdP-issued LogoutRequest from the signed-in browser to the SP, by its binding. */
async function deliver(page: Page, issued: IssuedLogoutRequest): Promise<void> {
  if (issued.query !== undefined) {
    const sep = issued.url.includes('?') ? '&' : '?';
    await page.goto(`${issued.url}${sep}${issued.query}`).catch(() => undefined);
    return;
  }
  await postForm(page, issued.url, { SAMLRequest: issued.samlRequest, RelayState: issued.relayState });
}

/** Signs the user in from this test's page and from more browsers of their own, oldest first. */
async function signInEverywhere(
  page: Page,
  browser: Browser,
  accord: Accord,
  target: SloTarget,
  contexts: BrowserContext[],
): Promise<Browsed[] | undefined> {
  const sessions: Browsed[] = [];
  for (let i = 0; i < BROWSERS; i++) {
    let p = page;
    let flow = accord.flowId;
    if (i < BROWSERS - 1) {
      const context = await browser.newContext();
      contexts.push(context);
      flow = await accord.tag(context);
      p = await context.newPage();
    }
    const signedIn = await signedInForLogout(p, accord, target, CHECKS);
    if (!signedIn) return undefined;
    const unjudgeable = revisitUnjudgeable(signedIn);
    if (unjudgeable) {
      for (const id of CHECKS) await accord.checks.inconclusive(id, unjudgeable);
      return undefined;
    }
    sessions.push({ page: p, flowId: flow, signedIn });
  }
  return sessions;
}

/** One IdP-initiated logout of one session: did it end, and what came back. */
async function logOut(
  accord: Accord,
  target: SloTarget,
  idpSloUrl: string,
  s: Browsed,
  n: number,
): Promise<{ ended: boolean; endedDetail: string; answer: { ok: boolean; detail: string } }> {
  // With the flow, the IdP names exactly the NameID and SessionIndex it asserted in that login.
  const issued = await accord.counterpart.issueLogoutRequest({
    sp: accord.runtime.targetEntityId,
    user: s.signedIn.login.user.username,
    binding: target.binding,
    flow: s.flowId,
  });
  const binding = target.binding === 'redirect' ? 'HTTP-Redirect' : 'HTTP-POST';
  const what = `the IdP's signed LogoutRequest ${issued.id} by ${binding} to ${issued.url} (session ${n} of ${BROWSERS}, newest first)`;
  const back = await awaitSamlArrival(s.page, [idpSloUrl], 'SAMLResponse', () =>
    deliver(s.page, issued),
  ).catch((e: Error) => e);
  const landing = s.signedIn.login.outcome.finalUrl;
  const after = await revisitLanding(s.page, accord, landing, s.signedIn.login.user);
  const trace = await accord.counterpart.trace({ flowId: s.flowId });
  const response = trace.filter((e) => e.kind === 'LogoutResponse' && e.direction === 'in').pop();
  const missing =
    back instanceof Error
      ? `no LogoutResponse came back after ${what}: ${back.message}`
      : `the IdP simulator recorded no LogoutResponse in flow ${s.flowId} after ${what}`;
  return {
    ended: !after.signedIn,
    endedDetail: after.signedIn
      ? `${landing} still shows the user after ${what}`
      : `after ${what}, revisiting ${landing}: ${after.reason}`,
    answer: judgeSpLogoutResponse(accord, response, issued.id, idpSloUrl, missing),
  };
}

eachProject('sp', () => {
  checkTest(
    'IdP-initiated single logout',
    { flow: 'slo', checks: CHECKS },
    async ({ page, accord, browser }) => {
      test.setTimeout(180_000);
      const target = sloTarget(accord);
      if (typeof target === 'string') {
        await accord.checks.skipAll(CHECKS, target);
        test.skip(true, target);
        return;
      }
      const contexts: BrowserContext[] = [];
      try {
        const sessions = await signInEverywhere(page, browser, accord, target, contexts);
        if (!sessions) return;
        const idp = await counterpartInfo(accord);
        const results = [];
        for (const [i, s] of [...sessions].reverse().entries())
          results.push(await logOut(accord, target, idp.sloUrl, s, i + 1));
        const stayed = results.filter((r) => !r.ended);
        await accord.checks.record(
          'SP-SLO-04',
          stayed.length === 0,
          (stayed.length ? stayed : results).map((r) => r.endedDetail).join('; '),
        );
        const wrong = results.filter((r) => !r.answer.ok);
        await accord.checks.record(
          'SP-SLO-05',
          wrong.length === 0,
          (wrong.length ? wrong : results).map((r) => r.answer.detail).join('; '),
        );
      } finally {
        for (const c of contexts) await c.close();
      }
    },
  );
});
