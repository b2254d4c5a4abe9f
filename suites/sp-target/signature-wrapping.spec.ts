import { eachProject } from '../fixtures/each-project.ts';
import { test } from '../fixtures/index.ts';
import { XSW_ATTACKS } from './attacks/response-attacks.ts';
import { AttackSession } from './steps/attack-session.ts';
import { deliverAttack, settle } from './steps/probe.ts';

eachProject('sp', () => {
  test('rejects XML signature wrapping', { tag: '@security' }, async ({ accord, browser }) => {
    test.setTimeout(120_000);
    await AttackSession.run(accord, browser, async (session) => {
      const pending = [];
      for (const attack of XSW_ATTACKS) pending.push(await deliverAttack(session, attack));
      await settle(session, pending);
    });
  });
});
