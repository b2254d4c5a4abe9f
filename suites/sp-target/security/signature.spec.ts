import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { SIGNATURE_ATTACKS } from '../attacks/response-attacks.ts';
import { MessageFlows } from '../steps/message-flows.ts';
import { deliverAll } from '../steps/probe.ts';

eachProject('sp', () => {
  checkTest(
    'rejects stripped, broken, foreign and downgraded signatures',
    {
      flow: 'security',
      checks: SIGNATURE_ATTACKS.map((a) => a.check),
    },
    async ({ accord, browser }) => {
      test.setTimeout(120_000);
      await MessageFlows.run(accord, browser, (session) => deliverAll(session, SIGNATURE_ATTACKS));
    },
  );
});
