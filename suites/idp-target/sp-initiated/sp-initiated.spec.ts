import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { recordResponseChecks, SP_EVALUATED } from '../checks/response-checks.ts';
import { spInitiatedAtTarget } from '../steps/idp-login.ts';

eachProject('idp', () => {
  for (const binding of ['redirect', 'post'] as const) {
    checkTest(
      `SP-initiated login at the IdP, AuthnRequest over HTTP-${binding}`,
      {
        flow: 'sp-initiated',
        checks: [...SP_EVALUATED, 'IDP-RELAYSTATE', 'IDP-NAMEID-PROFILE'],
        binding: binding === 'redirect' ? 'HTTP-Redirect' : 'HTTP-POST',
      },
      async ({ page, accord }) => {
        const caps = accord.profile.capabilities;
        if (!caps.spInitiated || !caps.bindings.includes(binding)) {
          const reason = !caps.spInitiated
            ? 'the target declares no SP-initiated SSO'
            : `the target declares no HTTP-${binding} SSO endpoint`;
          await accord.checks.skipAll([...SP_EVALUATED, 'IDP-RELAYSTATE'], reason);
          test.skip(true, reason);
          return;
        }
        const result = await spInitiatedAtTarget(page, accord, binding);
        await recordResponseChecks(accord, result, { unsolicited: false });
      },
    );
  }
});
