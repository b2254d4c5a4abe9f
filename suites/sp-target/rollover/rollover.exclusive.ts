import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { followIdpKeyRollover, IDP_ROLLOVER_CHECKS } from './idp-key-rollover.ts';
import { followSpKeyRollover, SP_ROLLOVER_CHECKS } from './sp-key-rollover.ts';

/*
 * Exclusive (declared from suites/z-exclusive.spec.ts): the IdP simulator of a scenario serves
 * every SP target of the run, and a rollover changes the key it signs with, the metadata it
 * publishes, or the SP metadata it holds, so these run after every other test, one at a time, in
 * order, so neither sees the other's rollover half done.
 */

eachProject(
  'sp',
  () => {
    checkTest(
      'follows the IdP signing key rollover: current and next while both are published, never the retired one after',
      { flow: 'rollover', checks: IDP_ROLLOVER_CHECKS },
      async ({ accord, browser }) => {
        test.setTimeout(180_000);
        await followIdpKeyRollover(accord, browser);
      },
    );
    checkTest(
      'rolls its own key over: assertions encrypted to the old or the new certificate while both are published, to the new one after; AuthnRequests signed with the new key once switched',
      { flow: 'rollover', checks: SP_ROLLOVER_CHECKS, oncePerTarget: true },
      async ({ accord, browser }) => {
        test.setTimeout(180_000);
        await followSpKeyRollover(accord, browser);
      },
    );
  },
  { exclusive: true },
);
