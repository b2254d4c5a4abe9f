import type { Request } from '@playwright/test';
import { decodeJwt } from 'jose';
import type { RpCheckId } from '../../../lib/checks/catalog.ts';
import { declares } from '../../../lib/target/index.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import { judgeSignedIn } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { visibleText } from '../../fixtures/visible-text.ts';
import { op, opInfo, registration } from '../steps/op.ts';
import { forgetOpSession } from '../steps/op-session.ts';
import { tokenResponse } from '../steps/op-trace.ts';
import { signedInForLogout } from '../steps/signed-in-for-logout.ts';

const CHECKS: RpCheckId[] = ['RP-LOGOUT-01', 'RP-LOGOUT-HINT'];

/** The parameters of a logout request as the browser carried it: the query of a GET, the form of a POST. */
function logoutParams(r: Request): URLSearchParams {
  return r.method() === 'POST' ? new URLSearchParams(r.postData() ?? '') : new URL(r.url()).searchParams;
}

eachProject('rp', () => {
  checkTest('RP-initiated logout', { flow: 'slo', checks: CHECKS }, async ({ page, accord }) => {
    const start = accord.profile.logout?.start;
    if (!declares(accord.profile, 'rpLogout') || !start) {
      const reason = 'the profile declares no RP-initiated logout (oidc.rpLogout with logout.start)';
      await accord.checks.skipAll(CHECKS, reason);
      test.skip(true, reason);
      return;
    }
    const s = await signedInForLogout(page, accord, CHECKS);
    if (!s) return;
    const info = await opInfo(accord);
    const endSession = new URL(info.endSessionEndpoint);
    let request: Request | undefined;
    const onRequest = (r: Request) => {
      const u = new URL(r.url());
      if (
        !request &&
        r.isNavigationRequest() &&
        u.origin === endSession.origin &&
        u.pathname === endSession.pathname
      )
        request = r;
    };
    page.on('request', onRequest);
    try {
      await test.step('log out at the target', async () => {
        await page.goto(accord.fill(start)).catch(() => undefined);
        // The OP's confirmation submits itself; the logout is over when the browser reaches the
        // post-logout URI the target asked for.
        const back = request && logoutParams(request).get('post_logout_redirect_uri');
        if (back)
          await page.waitForURL((u) => u.href.startsWith(back), { timeout: 5000 }).catch(() => undefined);
      });
    } finally {
      page.off('request', onRequest);
    }
    // The OP ended its session too: this worker's browsers must not be handed it again.
    forgetOpSession(accord);
    const ended = page.url();
    const endedText = await visibleText(page);
    const after = await revisitLanding(page, accord, s.landing, s.flow.user);

    const problems: string[] = [];
    const params = request ? logoutParams(request) : undefined;
    if (!request)
      problems.push(
        `the browser never reached the OP's end_session_endpoint ${info.endSessionEndpoint} (it ended on ${ended})`,
      );
    const postLogout = params?.get('post_logout_redirect_uri');
    const registered = registration(accord).postLogoutRedirectUris ?? [];
    if (postLogout && !registered.includes(postLogout))
      problems.push(
        `post_logout_redirect_uri ${postLogout} is not registered (registered: ${registered.join(', ') || 'none'})`,
      );
    if (after.signedIn)
      problems.push(
        `the target's session survived: revisiting ${s.landing} still shows the user (${after.reason})`,
      );
    const success = accord.profile.logout?.success;
    if (request && postLogout && success) {
      const landed = judgeSignedIn(
        { acsStatus: 0, finalUrl: ended, bodyText: endedText },
        success,
        (t, enc) => accord.fill(t, userVars(s.flow.user), enc),
      );
      if (!landed.signedIn)
        problems.push(`the logout did not end where logout.success says: ${landed.reason}`);
    }
    await accord.checks.record(
      'RP-LOGOUT-01',
      problems.length === 0,
      problems.length === 0
        ? `the browser reached ${info.endSessionEndpoint}${postLogout ? ` with the registered post_logout_redirect_uri ${postLogout}` : ''}, and revisiting ${s.landing} no longer shows the user (${after.reason}); it ended on ${ended}`
        : problems.join('; '),
    );

    if (!params) {
      await accord.checks.inconclusive(
        'RP-LOGOUT-HINT',
        'no logout request reached the OP to carry an id_token_hint (see RP-LOGOUT-01)',
      );
      return;
    }
    const hint = params.get('id_token_hint');
    const issued = tokenResponse(await op(accord).trace({ flowId: s.flow.flowId }))?.idToken;
    if (!hint) {
      await accord.checks.fail('RP-LOGOUT-HINT', 'the logout request carries no id_token_hint');
    } else if (hint === issued?.raw) {
      await accord.checks.pass(
        'RP-LOGOUT-HINT',
        `id_token_hint is the ID token the OP issued in the login of flow ${s.flow.flowId}`,
      );
    } else {
      // Another ID token of the same OP, client and user (a refreshed one) names the session as well.
      let claims: Record<string, unknown> = {};
      try {
        claims = decodeJwt(hint);
      } catch {
        claims = {};
      }
      const aud = [claims.aud].flat();
      const same =
        claims.iss === info.issuer &&
        aud.includes(registration(accord).clientId) &&
        claims.sub === issued?.claims.sub;
      await accord.checks.record(
        'RP-LOGOUT-HINT',
        same,
        same
          ? `id_token_hint is an ID token of this OP for this client and user, though not the one of flow ${s.flow.flowId}`
          : `id_token_hint is not an ID token the OP issued to this session (iss ${JSON.stringify(claims.iss)}, aud ${JSON.stringify(claims.aud)}, sub ${JSON.stringify(claims.sub)})`,
      );
    }
  });
});
