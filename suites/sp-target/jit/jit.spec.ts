import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { type JitCheckIds, type JitPerson, type JitSignIn, judgeJit } from '../../fixtures/jit-story.ts';
import { MessageFlows, type Via } from '../steps/message-flows.ts';
import { readStoredUser } from '../steps/read-stored-user.ts';

const IDS: JitCheckIds = { create: 'SP-JIT-01', update: 'SP-JIT-02', groups: 'SP-JIT-03' };

/** The IdP asserts `person` in place of the signed-in account; then the SP's record of them is read. */
async function signInAs(session: MessageFlows, via: Via, person: JitPerson): Promise<JitSignIn> {
  const accord = session.accord;
  const d = await session.deliver(
    {
      userFields: {
        email: person.email,
        upn: person.email,
        firstName: person.firstName,
        lastName: person.lastName,
        displayName: `${person.firstName} ${person.lastName}`,
        groups: person.groups,
      },
    },
    { via },
  );
  if (!d.outcome || !d.page)
    return { flowId: d.flowId, broken: `the ${via} login broke: ${d.error}`, stored: {} };
  const verdict = session.judge(d.outcome, person);
  if (!verdict.signedIn)
    return { flowId: d.flowId, broken: `${person.email} was not signed in: ${verdict.reason}`, stored: {} };
  return { flowId: d.flowId, stored: await readStoredUser(d.page, accord, accord.profile.jit!.record) };
}

eachProject('sp', () => {
  checkTest(
    'creates a user at their first sign-in and updates them at the next (JIT)',
    { flow: 'jit', checks: [IDS.create, IDS.update, IDS.groups] },
    async ({ accord, browser }) => {
      await judgeJit(accord, IDS, async (story) => {
        let cannot: string | undefined;
        await MessageFlows.run(accord, browser, async (session) => {
          const via = session.via();
          if (!via) {
            cannot = 'the target declares no login flow an assertion can ride on';
            return;
          }
          await story(session.genuine, (person) => signInAs(session, via, person));
        });
        return cannot;
      });
    },
  );
});
