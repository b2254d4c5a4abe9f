import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { XSW_ATTACKS } from '../attacks/response-attacks.ts';
import { MessageFlows } from '../steps/message-flows.ts';
import { deliverAll } from '../steps/probe.ts';

eachProject('sp', () => {
  checkTest(
    'rejects XML signature wrapping',
    {
      flow: 'security',
      checks: [...XSW_ATTACKS.map((a) => a.check), 'SP-SEC-MIXED-ASSERTIONS'],
    },
    async ({ accord, browser }) => {
      test.setTimeout(120_000);
      await MessageFlows.run(accord, browser, (session) => deliverAll(session, XSW_ATTACKS));
    },
  );
});
