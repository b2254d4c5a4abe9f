import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { idpInitiatedLogin } from '../steps/sp-login.ts';

eachProject('sp', () => {
  checkTest(
    'IdP-initiated login (unsolicited Response)',
    { flow: 'idp-initiated', checks: ['SP-IDPI-01'] },
    async ({ page, accord }) => {
      if (!accord.profile.capabilities.idpInitiated) {
        await accord.checks.skip('SP-IDPI-01', 'the target declares no IdP-initiated SSO');
        test.skip(true, 'the target declares no IdP-initiated SSO');
        return;
      }
      const result = await idpInitiatedLogin(page, accord);
      await accord.checks.record('SP-IDPI-01', result.verdict.signedIn, result.verdict.reason);
    },
  );
});
