import type { ResponsePlan } from '../../../lib/admin/protocol.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { MessageFlows } from '../steps/message-flows.ts';

/** AD FS encrypts with AES-256-CBC; XML Encryption 1.1 makes the GCM modes the recommended ones. */
const CONTENT_ENCRYPTIONS = ['aes256-cbc', 'aes128-cbc', 'aes256-gcm', 'aes128-gcm'] as const;

eachProject('sp', () => {
  checkTest(
    'an encrypted assertion signs the user in',
    { flow: 'sp-initiated', checks: ['SP-ENC-01'] },
    async ({ accord, browser }) => {
      test.setTimeout(120_000);
      const check = 'SP-ENC-01';
      if (!accord.profile.capabilities.encryptedAssertions) {
        await accord.checks.skip(check, 'the target declares no encryptedAssertions capability');
        return;
      }
      if (!accord.metadata.sp?.certs.encryption.length) {
        await accord.checks.fail(
          check,
          'the target declares encryptedAssertions but its metadata publishes no encryption certificate',
        );
        return;
      }
      await MessageFlows.run(accord, browser, async (session) => {
        const via = session.via(true);
        if (!via) {
          await accord.checks.skip(
            check,
            'the target declares no SP-initiated login to deliver the Response to',
          );
          return;
        }
        const refused: string[] = [];
        for (const data of CONTENT_ENCRYPTIONS) {
          const plan: ResponsePlan = { encryptAssertion: { data } };
          const d = await session.deliver(plan, { via });
          const verdict = d.outcome ? session.judge(d.outcome, session.genuine) : undefined;
          if (!verdict?.signedIn) refused.push(`${data} (flow ${d.flowId}): ${verdict?.reason ?? d.error}`);
        }
        await accord.checks.record(
          check,
          refused.length === 0,
          refused.length === 0
            ? `signed in with the assertion encrypted by RSA-OAEP and each of ${CONTENT_ENCRYPTIONS.join(', ')}`
            : `not signed in with ${refused.join('; ')}`,
        );
      });
    },
  );
});
