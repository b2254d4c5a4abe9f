import type { Browser } from '@playwright/test';
import type { ResponsePlan, RolloverState } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { MessageFlows, type Via } from '../steps/message-flows.ts';
import { metadataHandover } from './refresh-idp-metadata.ts';
import { signsIn } from './signs-in.ts';

/** The IdP key rollover's checks; a key never published is SP-SEC-UNTRUSTED-KEY, in the security suite. */
export const IDP_ROLLOVER_CHECKS: readonly CheckId[] = ['SP-ROLL-01', 'SP-ROLL-02', 'SP-ROLL-03'];
const STEPS = IDP_ROLLOVER_CHECKS;

/**
 * The IdP simulator rolls its signing key over and the target is handed its metadata each time
 * (metadataRefresh); the IdP is rolled back to its key at the end, whatever happened.
 */
export async function followIdpKeyRollover(accord: Accord, browser: Browser): Promise<void> {
  const { checks, counterpart } = accord;
  const publish = metadataHandover(accord);
  if ('cannot' in publish) {
    await checks.skipAll(STEPS, `Accord cannot hand the target new IdP metadata: ${publish.cannot}`);
    test.skip(true, publish.cannot);
    return;
  }
  const before = await counterpart.rollover();
  if (before.next !== null) {
    const why =
      'the IdP simulator is in a rollover already (a next key is published): finish or cancel it first';
    for (const id of STEPS) await checks.inconclusive(id, why);
    return;
  }
  await MessageFlows.run(accord, browser, async (session) => {
    const via = session.via();
    if (!via) {
      await checks.skipAll(STEPS, 'the target declares no login a Response can be delivered to');
      return;
    }
    let restoreError: string | undefined;
    try {
      await rollover(accord, session, via, publish.hand);
    } finally {
      restoreError = await test.step('roll the IdP back to its key before the test and hand it over', () =>
        restore(accord, before, publish.hand).then(
          () => undefined,
          (e: Error) => e.message,
        ));
    }
    // The target's later runs and projects need the original trust back; say so loudly.
    if (restoreError) throw new Error(`the IdP key could not be rolled back at the target: ${restoreError}`);
  });
}

async function rollover(
  accord: Accord,
  session: MessageFlows,
  via: Via,
  publish: () => Promise<string>,
): Promise<void> {
  const { checks, counterpart } = accord;
  const signedIn = (plan: ResponsePlan) => signsIn(session, via, plan);

  await counterpart.prepareNextKey('new');
  const handed = await test.step('hand the target IdP metadata listing the current and the next key', () =>
    publish().then(
      () => undefined,
      (e: Error) => e.message,
    ));
  if (handed !== undefined) {
    const why = `the target could not be handed IdP metadata listing a next signing key: ${handed}`;
    for (const id of STEPS) await checks.inconclusive(id, why);
    return;
  }
  const current = await signedIn({ signingKey: 'current' });
  await checks.record(
    'SP-ROLL-01',
    current.ok,
    `with the current and the next signing certificate in the IdP metadata, a Response signed with the current key: ${current.detail}`,
  );
  const next = await signedIn({ signingKey: 'next' });
  await checks.record(
    'SP-ROLL-02',
    next.ok,
    `a Response signed with the next key, the second signing KeyDescriptor of the IdP metadata: ${next.detail}${next.ok ? '' : ' (the target honours only some of the signing KeyDescriptors, or did not take the metadata its metadataRefresh handed it)'}`,
  );

  await counterpart.promoteNextKey();
  const refreshed = await test.step('hand the target IdP metadata listing the new key only', () =>
    publish().then(
      (how) => ({ how }),
      (e: Error) => ({ error: e.message }),
    ));
  if ('error' in refreshed) {
    await checks.inconclusive(
      'SP-ROLL-03',
      `the target could not take the IdP metadata after the rollover: ${refreshed.error}`,
    );
    return;
  }
  const retired = await signedIn({ signingKey: 'retired' });
  const control = await signedIn({});
  if (retired.ok) {
    await checks.fail(
      'SP-ROLL-03',
      `after the IdP metadata listing only the new key was taken (${refreshed.how}), a Response signed with the retired key was accepted: ${retired.detail}`,
    );
  } else if (!control.ok) {
    await checks.inconclusive(
      'SP-ROLL-03',
      `the retired key was refused, but a Response signed with the new key did not sign in either (${control.detail}): the target may not have taken the new metadata (${refreshed.how})`,
    );
  } else {
    await checks.pass(
      'SP-ROLL-03',
      `after the refresh (${refreshed.how}) the retired key was refused (${retired.detail}) and the new key signed in (${control.detail})`,
    );
  }
}

/** Back to the key the IdP had before the test: a rollback is a rollover to the retired key. */
async function restore(accord: Accord, before: RolloverState, publish: () => Promise<string>): Promise<void> {
  const { counterpart } = accord;
  let now = await counterpart.rollover();
  if (now.next !== null) now = await counterpart.cancelNextKey();
  if (now.current !== before.current) {
    if (now.retired[0] !== before.current)
      throw new Error('the key the IdP signed with before the test is not its newest retired key');
    await counterpart.prepareNextKey('retired');
    await counterpart.promoteNextKey();
    // The key the test made, now retired, signs nothing ever again (keys retired before are kept).
    if (before.retired.length === 0) await counterpart.dropRetiredKeys();
  }
  await publish();
}
