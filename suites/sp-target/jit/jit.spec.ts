import { randomInt } from 'node:crypto';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import type { JitProvisioning } from '../../../lib/target/types.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { MessageFlows, type Via } from '../steps/message-flows.ts';
import {
  groupDifference,
  readStoredUser,
  type StoredUser,
  storedUserDifferences,
} from '../steps/read-stored-user.ts';

const CREATE: CheckId = 'SP-JIT-01';
const UPDATE: CheckId = 'SP-JIT-02';
const GROUPS: CheckId = 'SP-JIT-03';

type Person = TestUser & { firstName: string; lastName: string; groups: string[] };

/** Letters only: an SP may refuse digits in a name, and the name must still be new to it. */
function letters(n: number): string {
  return Array.from({ length: n }, () => String.fromCharCode(97 + randomInt(26))).join('');
}

/**
 * Someone no directory holds yet, new in every test, in the email domain of the scenario's users
 * (an identity service accepts sign-ins only for domains it has verified), in one group of their own.
 */
function newcomer(genuine: TestUser): Person {
  const tag = letters(8);
  return {
    username: `jit.${tag}`,
    password: '',
    email: `jit.${tag}@${genuine.email.split('@')[1]}`,
    firstName: `Nova${tag}`,
    lastName: 'Newcomer',
    groups: [`Accord ${tag} first`],
  };
}

interface SignIn {
  flowId: string;
  /** Why the user cannot be judged: the sign-in broke or did not sign them in. */
  broken?: string;
  stored: StoredUser;
}

/** The IdP asserts `person` in place of the signed-in account; then the SP's record of them is read. */
async function signInAs(session: MessageFlows, via: Via, person: Person): Promise<SignIn> {
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

/**
 * The checks the profile's `jit` leaves out, with why. Updates are judged on a user the test
 * created itself (the only known user it may rename and regroup), so they need `create` too.
 */
function notApplicable(jit: JitProvisioning | undefined): Map<CheckId, string> {
  const out = new Map<CheckId, string>();
  const later = (why: string) => {
    for (const id of [UPDATE, GROUPS]) out.set(id, `${why}; updates are judged on a user created at sign-in`);
  };
  if (!jit) {
    out.set(CREATE, 'the profile declares no just-in-time provisioning (jit)');
    later('the profile declares no just-in-time provisioning (jit)');
  } else if (!jit.create) {
    out.set(CREATE, 'the profile does not declare jit.create');
    later('the profile does not declare jit.create');
  } else if (!jit.update) {
    out.set(UPDATE, 'the profile does not declare jit.update');
    out.set(GROUPS, 'the profile does not declare jit.update');
  } else if (!jit.groups) {
    out.set(GROUPS, 'the profile does not declare jit.groups');
  }
  return out;
}

eachProject('sp', () => {
  checkTest(
    'creates a user at their first sign-in and updates them at the next (JIT)',
    { flow: 'jit', checks: [CREATE, UPDATE, GROUPS] },
    async ({ accord, browser }) => {
      const jit = accord.profile.jit;
      const skipped = notApplicable(jit);
      for (const [id, why] of skipped) await accord.checks.skip(id, why);
      if (!jit || skipped.has(CREATE)) return;
      const later = [UPDATE, GROUPS].filter((id) => !skipped.has(id));
      await MessageFlows.run(accord, browser, async (session) => {
        const via = session.via();
        if (!via) {
          for (const id of [CREATE, ...later])
            await accord.checks.skip(id, 'the target declares no login flow an assertion can ride on');
          return;
        }
        const person = newcomer(session.genuine);
        const first = await signInAs(session, via, person);
        const where = (s: SignIn) => `(flow ${s.flowId})`;
        if (first.broken) {
          await accord.checks.fail(CREATE, `${first.broken} ${where(first)}`);
          for (const id of later)
            await accord.checks.inconclusive(id, `the new user never signed in ${where(first)}`);
          return;
        }
        const created = storedUserDifferences(first.stored, person);
        await accord.checks.record(
          CREATE,
          created.length === 0,
          created.length === 0
            ? `${person.email}, never seen before, signed in and was stored as ${person.firstName} ${person.lastName} ${where(first)}`
            : `${person.email}, never seen before, signed in, but ${created.join('; ')} ${where(first)}`,
        );
        if (later.length === 0) return;

        const renamed: Person = {
          ...person,
          firstName: `Vera${letters(6)}`,
          lastName: 'Renamed',
          groups: [`${person.groups[0].replace(/ first$/, '')} second`],
        };
        const second = await signInAs(session, via, renamed);
        if (second.broken) {
          for (const id of later)
            await accord.checks.inconclusive(
              id,
              `the second sign-in failed: ${second.broken} ${where(second)}`,
            );
          return;
        }
        const changed = `signed in again as ${renamed.firstName} ${renamed.lastName} (was ${person.firstName} ${person.lastName})`;
        const updated = storedUserDifferences(second.stored, renamed);
        await accord.checks.record(
          UPDATE,
          updated.length === 0,
          updated.length === 0
            ? `${person.email} ${changed}; the stored names followed ${where(second)}`
            : `${person.email} ${changed}, but ${updated.join('; ')} ${where(second)}`,
        );
        if (!later.includes(GROUPS)) return;
        // Seed, Table 5: signing in later with another group adds it; JIT removes no one from a group.
        const want = jit.groups === 'additive' ? [...person.groups, ...renamed.groups] : renamed.groups;
        const atFirst = groupDifference(first.stored.groups, person.groups);
        const atSecond = groupDifference(second.stored.groups, want);
        const story = `asserted ${JSON.stringify(person.groups)} at the first sign-in ${where(first)} and ${JSON.stringify(renamed.groups)} at the second ${where(second)}; declared ${jit.groups}`;
        await accord.checks.record(
          GROUPS,
          !atFirst && !atSecond,
          atFirst
            ? `after the first sign-in ${atFirst}; ${story}`
            : atSecond
              ? `after the second sign-in ${atSecond}, expected ${JSON.stringify(want)}; ${story}`
              : `stored ${JSON.stringify(want)}; ${story}`,
        );
      });
    },
  );
});
