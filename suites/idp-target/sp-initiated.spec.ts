import { eachProject } from '../fixtures/each-project.ts';
import { test } from '../fixtures/index.ts';
import { recordResponseChecks, SP_EVALUATED } from './checks/response-checks.ts';
import { spInitiatedAtTarget } from './steps/idp-login.ts';

eachProject('idp', () => {
  for (const binding of ['redirect', 'post'] as const) {
    test(`SP-initiated login at the IdP, AuthnRequest over HTTP-${binding}`, {
      tag: '@sp-initiated',
    }, async ({ page, accord }) => {
      const caps = accord.profile.capabilities;
      if (!caps.spInitiated || !caps.bindings.includes(binding)) {
        const reason = !caps.spInitiated
          ? 'the target declares no SP-initiated SSO'
          : `the target declares no HTTP-${binding} SSO endpoint`;
        for (const id of [...SP_EVALUATED, 'IDP-RELAYSTATE']) await accord.checks.skip(id, reason);
        test.skip(true, reason);
        return;
      }
      const result = await spInitiatedAtTarget(page, accord, binding);
      await recordResponseChecks(accord, result, { unsolicited: false });
    });
  }
});
