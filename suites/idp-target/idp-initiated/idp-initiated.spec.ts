import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { recordResponseChecks, SP_EVALUATED } from '../checks/response-checks.ts';
import { idpInitiatedAtTarget } from '../steps/idp-login.ts';

eachProject('idp', () => {
  checkTest(
    'IdP-initiated login (unsolicited Response)',
    { flow: 'idp-initiated', checks: ['IDP-IDPI-01', ...SP_EVALUATED, 'IDP-NAMEID-PROFILE'] },
    async ({ page, accord }) => {
      if (!accord.profile.capabilities.idpInitiated || !accord.profile.idpInitiated) {
        const reason = 'the target declares no IdP-initiated SSO';
        await accord.checks.skipAll(['IDP-IDPI-01', ...SP_EVALUATED], reason);
        test.skip(true, reason);
        return;
      }
      const result = await idpInitiatedAtTarget(page, accord);
      const entry = result.response;
      const solicited = entry?.info?.inResponseTo;
      // Delivery and shape are judged here; what the Response says is judged by the same checks as SP-initiated.
      await accord.checks.record(
        'IDP-IDPI-01',
        !!entry && !solicited,
        !entry
          ? `no Response reached the reference SP (ended on ${result.outcome.finalUrl}, ACS status ${result.outcome.acsStatus})`
          : solicited
            ? `an unsolicited Response carries InResponseTo="${solicited}"`
            : 'an unsolicited Response reached the ACS',
      );
      await recordResponseChecks(accord, result, { unsolicited: true });
    },
  );
});
