import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { authorizationRequest, authorize, codeOf, randomToken, watchArrival } from '../steps/authorize.ts';
import { codeFlow } from '../steps/code-flow.ts';
import { opTarget } from '../steps/op-target.ts';

eachProject('op', () => {
  checkTest(
    'RP-initiated logout ends the OP session',
    { flow: 'slo', checks: ['OP-LOGOUT-01'] },
    async ({ accord, page }) => {
      if (!accord.profile.op?.capabilities?.rpLogout) {
        await accord.checks.skip(
          'OP-LOGOUT-01',
          'does not apply: the profile does not declare op.capabilities.rpLogout',
        );
        return;
      }
      const op = await opTarget(accord);
      const flow = await codeFlow(page, accord);
      if (!flow.idToken) {
        await accord.checks.inconclusive('OP-LOGOUT-01', `the genuine sign-in broke: ${flow.problem}`);
        return;
      }
      // The probe must first see the session, or its verdict after the logout says nothing.
      const silent = codeOf(
        await authorize(page, accord, op, authorizationRequest(op, { prompt: 'none' }), {
          credentials: false,
        }),
      );
      if (!silent.code) {
        await accord.checks.inconclusive(
          'OP-LOGOUT-01',
          `prompt=none did not see the session before the logout: ${silent.problem}`,
        );
        return;
      }
      const endSession = op.discovery.end_session_endpoint;
      if (typeof endSession !== 'string') {
        await accord.checks.fail('OP-LOGOUT-01', 'the discovery document has no end_session_endpoint');
        return;
      }
      const back = op.postLogoutRedirectUri ?? '';
      const url = new URL(endSession);
      url.searchParams.set('id_token_hint', flow.idToken.raw);
      url.searchParams.set('post_logout_redirect_uri', back);
      url.searchParams.set('state', randomToken());
      url.searchParams.set('client_id', op.client.id);
      const arrival = watchArrival(page, back);
      await page.goto(url.href).catch(() => undefined);
      const confirm = accord.profile.op?.logoutConfirm;
      if (confirm) {
        // An OP that asks "do you want to log out?" (RP-Initiated Logout 2): the user says yes.
        const shown = await Promise.race([
          arrival.arrived.then(() => false),
          page
            .locator(confirm)
            .first()
            .waitFor({ state: 'visible', timeout: 5_000 })
            .then(
              () => true,
              () => false,
            ),
        ]);
        if (shown)
          await page
            .locator(confirm)
            .first()
            .click({ timeout: 5_000 })
            .catch(() => undefined);
      }
      const returned = await Promise.race([
        arrival.arrived.then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), 8_000)),
      ]);
      arrival.stop();
      const after = await authorize(page, accord, op, authorizationRequest(op, { prompt: 'none' }), {
        credentials: false,
      });
      const error = after.response?.get('error');
      // The login form, too, says no session is left: an OP that shows it for prompt=none fails
      // OP-PROMPT-NONE-NO-SESSION for that, and its logout is judged on what the logout did.
      const ended = after.prompted || (typeof error === 'string' && error.length > 0);
      await accord.checks.record(
        'OP-LOGOUT-01',
        ended,
        `${returned ? 'the OP sent the browser to the post_logout_redirect_uri' : `the browser did not reach the post_logout_redirect_uri (at ${page.url()})`}; prompt=none afterwards: ${
          after.prompted
            ? 'the login form (no session left)'
            : error
              ? `error=${error}`
              : after.response
                ? 'a code: the session lives on'
                : `no answer (${after.stoppedAt})`
        }`,
      );
    },
  );
});
