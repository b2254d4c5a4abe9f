import type { CheckId } from '../../../lib/checks/catalog.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { checkLogoutResponse } from '../checks/logout-response-check.ts';
import { counterpartSp, spInitiatedAtTarget } from '../steps/idp-login.ts';
import { loginPrompts } from '../steps/login-prompt.ts';
import { sloUnavailable, spInitiatedLogout } from '../steps/sp-logout.ts';

const CHECKS: CheckId[] = ['IDP-SLO-01', 'IDP-SLO-02'];

/** Why single logout cannot be tried at this IdP, or the binding its SP-initiated login uses. */
function sloPreconditions(accord: Accord): { binding: 'redirect' | 'post' } | string {
  const caps = accord.profile.capabilities;
  const unavailable = sloUnavailable(accord);
  if (unavailable) return unavailable;
  const binding = caps.bindings[0];
  if (!caps.spInitiated || !binding) return 'the target declares no SP-initiated SSO to sign in with first';
  return { binding };
}

eachProject('idp', () => {
  checkTest(
    'single logout started at the reference SP',
    { flow: 'slo', checks: CHECKS },
    async ({ page, accord }) => {
      test.setTimeout(120_000);
      const pre = sloPreconditions(accord);
      if (typeof pre === 'string') {
        await accord.checks.skipAll(CHECKS, pre);
        test.skip(true, pre);
        return;
      }
      const sp = await counterpartSp(accord);
      const login = await spInitiatedAtTarget(page, accord, pre.binding);
      if (login.response?.info?.signedIn !== true) {
        // The login's own checks report why; single logout is not evaluated without a session to end.
        const refused = (login.response?.checks ?? []).filter((k) => k.status === 'fail').map((k) => k.id);
        const why = login.response
          ? `not evaluated: the reference SP did not sign the user in (${refused.join(', ') || String(login.response.info?.error ?? 'refused')})`
          : `not evaluated: no Response reached the reference SP (ended on ${login.outcome.finalUrl})`;
        await accord.checks.skipAll(CHECKS, why);
        return;
      }
      // The control: without a logout, a second login must not prompt, or a prompt afterwards proves nothing.
      const control = await loginPrompts(page, accord, pre.binding).catch((e: Error) => e);
      const { sent, answer, missing } = await spInitiatedLogout(page, accord, sp, accord.flowId);
      await checkLogoutResponse(accord, sent, answer, sp.sloUrl, missing);

      if (control instanceof Error) {
        await accord.checks.inconclusive(
          'IDP-SLO-02',
          `a second login before the logout broke: ${control.message}`,
        );
        return;
      }
      if (control.prompted) {
        await accord.checks.skip(
          'IDP-SLO-02',
          `the IdP asked for credentials again even without a logout (${control.detail}): it keeps no session a logout could end`,
        );
        return;
      }
      const after = await loginPrompts(page, accord, pre.binding).catch((e: Error) => e);
      if (after instanceof Error) {
        await accord.checks.fail('IDP-SLO-02', `a login after the logout broke: ${after.message}`);
        return;
      }
      await accord.checks.record(
        'IDP-SLO-02',
        after.prompted,
        after.prompted
          ? `before the logout a second login needed no credentials; after it, ${after.detail}`
          : `after the logout ${after.detail}: its session survived`,
      );
    },
  );
});
