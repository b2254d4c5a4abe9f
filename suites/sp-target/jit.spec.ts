import { randomInt } from 'node:crypto';
import type { TestUser } from '../../lib/admin/protocol.ts';
import { eachProject } from '../fixtures/each-project.ts';
import { test } from '../fixtures/index.ts';
import { AttackSession, type Via } from './steps/attack-session.ts';
import { readStoredUser, storedUserDifferences } from './steps/read-stored-user.ts';

const CREATE = 'SP-JIT-01';
const UPDATE = 'SP-JIT-02';

/** Letters only: an SP may refuse digits in a name, and the name must still be new to it. */
function letters(n: number): string {
  return Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');
}

/**
 * Someone no directory holds yet, new in every test, in the email domain of the scenario's users
 * (an identity service accepts sign-ins only for domains it has verified).
 */
function newcomer(genuine: TestUser): TestUser {
  const tag = letters(8);
  return {
    username: `jit.${tag}`,
    password: '',
    email: `jit.${tag}@${genuine.email.split('@')[1]}`,
    firstName: `Nova${tag}`,
    lastName: 'Newcomer',
  };
}

interface SignIn {
  flow: string;
  /** Why the user cannot be judged: the sign-in broke or did not sign them in. */
  broken?: string;
  /** What the SP's record of the user shows that differs from `user`. */
  differences: string[];
}

/** The IdP asserts `user` in place of the signed-in account; then the SP's record of them is read. */
async function signInAs(session: AttackSession, via: Via, user: TestUser): Promise<SignIn> {
  const accord = session.accord;
  const d = await session.deliver(
    {
      userFields: {
        email: user.email,
        upn: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        displayName: `${user.firstName} ${user.lastName}`,
      },
    },
    { via },
  );
  if (!d.outcome || !d.page)
    return { flow: d.flow, broken: `the ${via} login broke: ${d.error}`, differences: [] };
  const verdict = session.judge(d.outcome, user);
  if (!verdict.signedIn)
    return { flow: d.flow, broken: `${user.email} was not signed in: ${verdict.reason}`, differences: [] };
  const stored = await readStoredUser(d.page, accord, accord.profile.jit!.record);
  return { flow: d.flow, differences: storedUserDifferences(stored, user) };
}

eachProject('sp', () => {
  test('creates a user at their first sign-in and updates their names at the next (JIT)', {
    tag: '@jit',
  }, async ({ accord, browser }) => {
    const jit = accord.profile.jit;
    if (!jit?.create) {
      const why = jit
        ? 'the profile does not declare jit.create'
        : 'the profile declares no just-in-time provisioning (jit)';
      await accord.checks.skip(CREATE, why);
      // A known user whose names the test may change is one it created itself.
      await accord.checks.skip(UPDATE, `${why}; the update is judged on a user created at sign-in`);
      return;
    }
    await AttackSession.run(accord, browser, async (session) => {
      const via = session.via();
      if (!via) {
        for (const id of [CREATE, UPDATE])
          await accord.checks.skip(id, 'the target declares no login flow an assertion can ride on');
        return;
      }
      const user = newcomer(session.genuine);
      const first = await signInAs(session, via, user);
      const where = (s: SignIn) => `(flow ${s.flow})`;
      if (first.broken) {
        await accord.checks.fail(CREATE, `${first.broken} ${where(first)}`);
        if (jit.update)
          await accord.checks.fail(UPDATE, `inconclusive: the new user never signed in ${where(first)}`);
        else await accord.checks.skip(UPDATE, 'the profile does not declare jit.update');
        return;
      }
      await accord.checks.record(
        CREATE,
        first.differences.length === 0,
        first.differences.length === 0
          ? `${user.email}, never seen before, signed in and was stored as ${user.firstName} ${user.lastName} ${where(first)}`
          : `${user.email}, never seen before, signed in, but ${first.differences.join('; ')} ${where(first)}`,
      );
      if (!jit.update) {
        await accord.checks.skip(UPDATE, 'the profile does not declare jit.update');
        return;
      }
      const renamed: TestUser = { ...user, firstName: `Vera${letters(6)}`, lastName: 'Renamed' };
      const second = await signInAs(session, via, renamed);
      const changed = `signed in again as ${renamed.firstName} ${renamed.lastName} (was ${user.firstName} ${user.lastName})`;
      await accord.checks.record(
        UPDATE,
        !second.broken && second.differences.length === 0,
        second.broken
          ? `inconclusive: ${second.broken} ${where(second)}`
          : second.differences.length === 0
            ? `${user.email} ${changed}; the stored names followed ${where(second)}`
            : `${user.email} ${changed}, but ${second.differences.join('; ')} ${where(second)}`,
      );
    });
  });
});
