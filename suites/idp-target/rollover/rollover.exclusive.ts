import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { followIdpKeyRollover, IDP_KEY_ROLLOVER_CHECKS } from './idp-key-rollover.ts';
import { followSpRenewal, SP_RENEWAL_CHECKS } from './sp-renewal.ts';

/*
 * Exclusive (declared from suites/z-exclusive.spec.ts): the reference SP renews its own
 * certificate, which every test of the project signs with, and the IdP target rolls its signing key
 * over, which every test verifies, so these run after every other test, one at a time, in order,
 * so neither sees the other's rollover half done.
 */

eachProject(
  'idp',
  () => {
    checkTest(
      "follows the reference SP's certificate renewal: old and new certificate published, then the new one alone",
      // How the IdP takes an SP's new metadata and verifies its requests is the same whatever flavour
      // of Response the scenario has it send: once per target, as a real IdP target meets it anyway.
      { flow: 'rollover', checks: SP_RENEWAL_CHECKS, oncePerTarget: true },
      async ({ accord, browser }) => {
        test.setTimeout(180_000);
        await followSpRenewal(accord, browser);
      },
    );
    checkTest(
      'rolls its own signing key over as its profile declares: next key published ahead of use, then signing with it, then the old key gone',
      { flow: 'rollover', checks: IDP_KEY_ROLLOVER_CHECKS, oncePerTarget: true },
      async ({ accord, browser }) => {
        test.setTimeout(180_000);
        await followIdpKeyRollover(accord, browser);
      },
    );
  },
  { exclusive: true },
);
