import { handOpToTarget } from '../../../lib/protocol/oidc/hand-op-to-target.ts';
import { declares } from '../../../lib/target/index.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { codeFlowLogin, control, pageSays, shortUrl } from '../steps/code-flow-login.ts';
import { opInfo } from '../steps/op.ts';

/*
 * Exclusive (the file name says so, playwright.config.ts reads it): the target is pointed at
 * another discovery document for a while, which would break every other test of the same target
 * running meanwhile, so this runs after all of them.
 */
eachProject(
  'rp',
  () => {
    checkTest(
      'does not use a discovery document whose issuer is not the URL it came from',
      { flow: 'metadata', checks: ['RP-DISCOVERY-ISSUER'] },
      async ({ page, browser, accord }) => {
        const { checks, profile } = accord;
        if (!declares(profile, 'automaticExchange')) {
          const reason =
            'the profile hands the target its OP by hand (exchange manual), so Accord cannot point it at another discovery document';
          await checks.skip('RP-DISCOVERY-ISSUER', reason);
          test.skip(true, reason);
          return;
        }
        const info = await opInfo(accord);
        const hand = (url: string) => handOpToTarget(profile, accord.vars, url);
        let outcome: { breach?: string; refused?: string };
        let restored: string | undefined;
        try {
          const configured = await test.step(`hand the target ${info.mismatchedDiscoveryUrl}`, () =>
            hand(info.mismatchedDiscoveryUrl).then(
              () => undefined,
              (e: Error) => e.message,
            ));
          if (configured !== undefined) {
            outcome = {
              refused: `the target refused the discovery document when it was handed over (${configured})`,
            };
          } else {
            const flow = await codeFlowLogin(page, accord);
            outcome = flow.verdict.signedIn
              ? {
                  breach: `the target used the discovery document at ${info.mismatchedDiscoveryUrl}, whose issuer is ${info.issuer}, and signed in ${flow.user.email} (flow ${flow.flowId})`,
                }
              : {
                  refused: `with the discovery document at ${info.mismatchedDiscoveryUrl} (issuer ${info.issuer}) the target signed no one in (${flow.broke ?? `ended on ${shortUrl(flow.arrival?.finalUrl)}${pageSays(flow) ? ` showing "${pageSays(flow)}"` : ''}`})`,
                };
          }
        } finally {
          restored = await test.step(`hand the target back ${info.discoveryUrl}`, () =>
            hand(info.discoveryUrl).then(
              () => undefined,
              (e: Error) => e.message,
            ));
        }
        if (restored !== undefined) {
          await checks.inconclusive(
            'RP-DISCOVERY-ISSUER',
            `the target could not be handed its genuine OP again: ${restored}`,
          );
          return;
        }
        if (outcome.breach) return checks.fail('RP-DISCOVERY-ISSUER', outcome.breach);
        const after = await control(browser, accord);
        if (after.ok)
          await checks.pass(
            'RP-DISCOVERY-ISSUER',
            `${outcome.refused}; handed its genuine discovery document again, ${after.detail}`,
          );
        else
          await checks.inconclusive(
            'RP-DISCOVERY-ISSUER',
            `${outcome.refused}, but once handed its genuine discovery document again ${after.detail}`,
          );
      },
    );
  },
  { exclusive: true },
);
