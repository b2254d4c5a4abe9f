import { type Browser, test } from '@playwright/test';
import { counterpartUser } from '../../fixtures/counterpart-user.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import type { Accord } from '../../fixtures/index.ts';
import { type JitCheckIds, type JitPerson, type JitSignIn, judgeJit } from '../../fixtures/jit-story.ts';
import { judgeSignedIn } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { readStoredUser } from '../../sp-target/steps/read-stored-user.ts';
import { codeFlowLogin } from '../steps/code-flow-login.ts';
import { op } from '../steps/op.ts';

const IDS: JitCheckIds = { create: 'RP-JIT-01', update: 'RP-JIT-02', groups: 'RP-JIT-03' };

/**
 * The person's claims, as an OP asserts them (OIDC Core 5.1: email, given_name, family_name, name;
 * groups, the group claim OPs send). A subject of their own: an RP may key its users by sub.
 */
function claimsOf(person: JitPerson): Record<string, unknown> {
  return {
    sub: `jit-${person.username}`,
    email: person.email,
    given_name: person.firstName,
    family_name: person.lastName,
    name: `${person.firstName} ${person.lastName}`,
    groups: person.groups,
  };
}

/**
 * A code flow in a fresh browser context, the OP told to assert `person` in it; the target must
 * sign them in (its success detector filled with their email), then its record of them is read.
 */
async function signInAs(browser: Browser, accord: Accord, person: JitPerson): Promise<JitSignIn> {
  const context = await browser.newContext();
  try {
    const flowId = await accord.tag(context);
    await test.step(`the OP asserts ${person.email} (flow ${flowId})`, () =>
      op(accord).planFlow(flowId, { claims: claimsOf(person) }));
    const page = await context.newPage();
    const flow = await codeFlowLogin(page, accord, flowId);
    if (!flow.arrival) return { flowId, broken: `the code flow broke: ${flow.broke}`, stored: {} };
    const verdict = judgeSignedIn(
      { acsStatus: flow.arrival.status, finalUrl: flow.arrival.finalUrl, bodyText: flow.arrival.bodyText },
      accord.profile.login!.success,
      (s, enc) => accord.fill(s, userVars(person), enc),
    );
    if (!verdict.signedIn)
      return { flowId, broken: `${person.email} was not signed in: ${verdict.reason}`, stored: {} };
    return { flowId, stored: await readStoredUser(page, accord, accord.profile.jit!.record) };
  } finally {
    await context.close();
  }
}

eachProject('rp', () => {
  checkTest(
    'creates a user at their first sign-in and updates them at the next (JIT from OIDC claims)',
    { flow: 'jit', checks: [IDS.create, IDS.update, IDS.groups] },
    async ({ accord, browser }) => {
      await judgeJit(accord, IDS, async (story) => {
        await story(await counterpartUser(accord), (person) => signInAs(browser, accord, person));
        return undefined;
      });
    },
  );
});
