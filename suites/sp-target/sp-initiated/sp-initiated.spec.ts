import { checkIds } from '../../../lib/checks/catalog.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { checkAuthnRequest } from '../checks/authn-request-checks.ts';
import { checkEcho } from '../checks/echo-check.ts';
import { counterpartInfo, spInitiatedLogin } from '../steps/sp-login.ts';

/** The login checks: every SP-initiated check but those a target opts into (an encrypted assertion). */
const FLOW_CHECKS = checkIds((c) => c.role === 'sp' && c.flow === 'sp-initiated' && !c.appliesIf);

eachProject('sp', () => {
  for (const binding of ['redirect', 'post'] as const) {
    checkTest(
      `SP-initiated login, AuthnRequest over HTTP-${binding}`,
      {
        flow: 'sp-initiated',
        checks: FLOW_CHECKS,
        binding: binding === 'redirect' ? 'HTTP-Redirect' : 'HTTP-POST',
      },
      async ({ page, accord }) => {
        const caps = accord.profile.capabilities;
        if (!caps.spInitiated || !caps.bindings.includes(binding)) {
          const reason = !caps.spInitiated
            ? 'the target declares no SP-initiated login'
            : `the target declares no HTTP-${binding} binding for AuthnRequests`;
          await accord.checks.skipAll(FLOW_CHECKS, reason);
          test.skip(true, reason);
          return;
        }
        // The AuthnRequest is judged whether or not the login then completes.
        const result = await spInitiatedLogin(page, accord, binding).catch((e: Error) => e);
        const trace = await accord.counterpart.trace({ flowId: accord.flowId });
        await checkAuthnRequest(
          accord,
          trace.find((e) => e.kind === 'AuthnRequest'),
          binding,
          await counterpartInfo(accord),
        );
        if (result instanceof Error) {
          const why = result.message.split('\n')[0];
          await accord.checks.fail('SP-SSO-01', `the login broke: ${why}`);
          await accord.checks.fail('SP-SSO-02', 'cannot follow RelayState: the login did not succeed');
          await accord.checks.fail('SP-SSO-03', 'cannot compare: the login did not succeed');
          return;
        }
        await accord.checks.record('SP-SSO-01', result.verdict.signedIn, result.verdict.reason);
        if (!accord.profile.login?.relayState) {
          await accord.checks.skip('SP-SSO-02', 'the profile declares no login.relayState to follow');
        } else if (!result.verdict.signedIn) {
          await accord.checks.fail('SP-SSO-02', 'cannot follow RelayState: the login did not succeed');
        } else {
          const kept = result.outcome.finalUrl.includes(result.relayToken);
          await accord.checks.record(
            'SP-SSO-02',
            kept,
            kept
              ? `landed on ${result.outcome.finalUrl}, which carries the RelayState token`
              : `landed on ${result.outcome.finalUrl}, without the RelayState token ${result.relayToken}`,
          );
        }
        await checkEcho(page, accord, result.verdict.signedIn);
      },
    );
  }
});
