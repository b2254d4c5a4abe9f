import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { codeFlowLogin } from '../steps/code-flow-login.ts';
import { op } from '../steps/op.ts';
import { tokenResponse } from '../steps/op-trace.ts';

eachProject('rp', () => {
  checkTest(
    'accepts an ID token signed with a key the OP published after its last login',
    { flow: 'key-rotation', checks: ['RP-KEY-ROTATION'] },
    async ({ page, browser, accord }) => {
      const { checks } = accord;
      // A genuine login first, so the target holds the OP's JWKS as it was.
      const before = await codeFlowLogin(page, accord);
      if (!before.verdict.signedIn) {
        await checks.inconclusive(
          'RP-KEY-ROTATION',
          `the genuine login before the rotation did not sign in (flow ${before.flowId}): ${before.verdict.reason}`,
        );
        return;
      }
      const context = await browser.newContext();
      try {
        const flowId = await accord.tag(context);
        await op(accord).planFlow(flowId, { forge: 'rotated-key' });
        const after = await codeFlowLogin(await context.newPage(), accord, flowId);
        const issued = tokenResponse(await op(accord).trace({ flowId }));
        if (issued?.forged !== 'rotated-key') {
          await checks.inconclusive(
            'RP-KEY-ROTATION',
            `the OP issued no ID token signed with a new key in flow ${flowId}: ${after.broke ?? after.verdict.reason}`,
          );
          return;
        }
        const kid = JSON.stringify(issued.idToken?.header.kid);
        await checks.record(
          'RP-KEY-ROTATION',
          after.verdict.signedIn,
          after.verdict.signedIn
            ? `signed in with an ID token signed by kid ${kid}, which the OP published after the login of flow ${before.flowId} (flow ${flowId})`
            : `refused an ID token signed by kid ${kid}, a key the OP's JWKS published after the target's last login: it did not fetch the JWKS again on the unknown kid (flow ${flowId}: ${after.verdict.reason})`,
        );
      } finally {
        await context.close();
      }
    },
  );
});
