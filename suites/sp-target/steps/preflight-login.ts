import type { Page, Request } from '@playwright/test';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import { counterpartUser } from '../../fixtures/counterpart-user.ts';
import type { Accord } from '../../fixtures/index.ts';
import { openLoginStart } from '../../fixtures/open-login-start.ts';
import { signInAtCounterpart } from '../../fixtures/sign-in-at-counterpart.ts';
import { visibleText } from '../../fixtures/visible-text.ts';
import type { PreflightVerdict } from '../../preflight/verdict.ts';
import { withIdpSession } from './idp-session.ts';
import { acsUrlOf } from './sp-login.ts';

/** How long the target's start page may take to send the browser on to the IdP (a form posted by script). */
const LEAVE_START_PAGE_MS = 3_000;

/**
 * Whether the trust exchange with an SP target works: a genuine SP-initiated login must bring an
 * AuthnRequest to the IdP simulator and the target's ACS must take the simulator's Response. What
 * the target then does with the user (the right one, the page it lands on) is for the checks.
 */
export async function spPreflight(page: Page, accord: Accord): Promise<PreflightVerdict> {
  const idp = accord.runtime.counterpart.url;
  const login = accord.profile.login;
  const start = login?.start.redirect ?? login?.start.post;
  if (!start) return { ok: false, reason: `${accord.profile.name} declares no login.start` };
  const relayState = login?.relayState ? accord.fill(login.relayState, { token: 'accordpreflight' }) : '';
  const user = await counterpartUser(accord);
  // The IdP simulator's form is ours and the target never sees it: a session made over HTTP
  // answers the AuthnRequest at once, as in the tests' own logins. Without one, the form is filled.
  await withIdpSession(page.context(), accord, user).catch(() => undefined);
  let reachedIdp = false;
  const toIdp = (r: Request) => {
    if (r.isNavigationRequest() && r.url().startsWith(idp)) reachedIdp = true;
  };
  let answered = false;
  page.context().on('request', toIdp);
  try {
    const outcome = await awaitAcs(
      page,
      acsUrlOf(accord),
      async () => {
        await openLoginStart(
          page,
          accord,
          accord.fill(start, { relay_state: encodeURIComponent(relayState) }),
          user,
        );
        for (const end = Date.now() + LEAVE_START_PAGE_MS; !reachedIdp && Date.now() < end; )
          await new Promise((r) => setTimeout(r, 50));
        if (!reachedIdp) throw new StayedAtTarget();
        await signInAtCounterpart(page, idp, user, () => answered);
      },
      undefined,
      () => {
        answered = true;
      },
    );
    if (outcome.acsStatus >= 400)
      return {
        ok: false,
        reason: `the target's ACS answered ${outcome.acsStatus} to the IdP simulator's genuine Response: check that it accepted the IdP metadata and trusts its signing certificate`,
      };
    return { ok: true, reason: `a genuine login reached the ACS (ended on ${outcome.finalUrl})` };
  } catch (e) {
    if (e instanceof StayedAtTarget) {
      const text = (await visibleText(page)).replace(/\s+/g, ' ').trim().slice(0, 160);
      return {
        ok: false,
        reason: `the target never sent an AuthnRequest to the IdP simulator after the metadata exchange (it stayed on ${page.url()}${text ? ` showing "${text}"` : ''}): check that it accepted the IdP metadata${accord.profile.login?.startForm ? '' : ', or, if that page asks before it sends the browser on (an email address, an SSO button), declare login.startForm'}`,
      };
    }
    const why = (e as Error).message.split('\n')[0];
    // The simulator refusing the AuthnRequest is a verdict on the request: the exchange itself worked.
    if (/refused the request/.test(why)) return { ok: true, reason: why };
    return {
      ok: false,
      reason: `the IdP simulator's genuine Response never reached the target's ACS (${why}): check the ACS URL in its metadata`,
    };
  } finally {
    page.context().off('request', toIdp);
  }
}

/** The browser never left the target's start page for the IdP simulator. */
class StayedAtTarget extends Error {}
