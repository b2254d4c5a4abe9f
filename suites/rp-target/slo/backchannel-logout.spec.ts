import type { LogoutTokenForgery } from '../../../lib/admin/oidc-protocol.ts';
import type { RpCheckId } from '../../../lib/checks/catalog.ts';
import { declares } from '../../../lib/target/index.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import { codeFlowLogin } from '../steps/code-flow-login.ts';
import { op, registration } from '../steps/op.ts';
import { signedInForLogout } from '../steps/signed-in-for-logout.ts';

/** Logout tokens a target must not act on, and what each is. */
const FORGED: ReadonlyArray<{ check: RpCheckId; forge: LogoutTokenForgery; what: string }> = [
  { check: 'RP-BCL-NONCE', forge: 'with-nonce', what: 'a logout token carrying a nonce' },
  {
    check: 'RP-BCL-EVENTS',
    forge: 'no-events',
    what: 'a logout token without the back-channel logout event',
  },
  {
    check: 'RP-BCL-SID',
    forge: 'other-sid',
    what: 'a logout token for another session (sid) of the same user',
  },
];

const CHECKS: RpCheckId[] = [...FORGED.map((f) => f.check), 'RP-BCL-01'];

eachProject('rp', () => {
  checkTest('back-channel logout', { flow: 'slo', checks: CHECKS }, async ({ page, accord }) => {
    if (!declares(accord.profile, 'backchannelLogout')) {
      const reason = 'the profile declares no back-channel logout URI (oidc.client.backchannelLogoutUri)';
      await accord.checks.skipAll(CHECKS, reason);
      test.skip(true, reason);
      return;
    }
    const s = await signedInForLogout(page, accord, CHECKS);
    if (!s) return;
    const clientId = registration(accord).clientId;
    const send = (forge?: LogoutTokenForgery) =>
      test.step(`the OP sends ${forge ? `a forged (${forge})` : 'a genuine'} logout token`, () =>
        op(accord).backchannelLogout({ flow: s.flow.flowId, clientId, ...(forge ? { forge } : {}) }));
    const stillSignedIn = () => revisitLanding(page, accord, s.landing, s.flow.user);

    // The forged tokens first: each must leave this browser's session as it was.
    for (const f of FORGED) {
      if (!accord.checks.wants(f.check)) continue;
      const sent = await send(f.forge).catch((e: Error) => e);
      if (sent instanceof Error) {
        await accord.checks.inconclusive(f.check, `the OP could not deliver ${f.what}: ${sent.message}`);
        continue;
      }
      const after = await stillSignedIn();
      if (after.signedIn) {
        await accord.checks.pass(
          f.check,
          `${f.what} left the session alive (the target answered ${sent.status}; revisiting ${s.landing} still shows the user)`,
        );
        continue;
      }
      await accord.checks.fail(
        f.check,
        `${f.what} ended the session: the target answered ${sent.status} to ${sent.url}, and revisiting ${s.landing} no longer shows the user (${after.reason})`,
      );
      // Signed in again for what follows: the OP still has a session, so it answers at once.
      const again = await codeFlowLogin(page, accord);
      if (!again.verdict.signedIn) {
        for (const id of CHECKS.slice(CHECKS.indexOf(f.check) + 1))
          await accord.checks.inconclusive(
            id,
            `signing in again after ${f.what} ended the session failed: ${again.verdict.reason}`,
          );
        return;
      }
    }

    if (!accord.checks.wants('RP-BCL-01')) return;
    const sent = await send().catch((e: Error) => e);
    if (sent instanceof Error) {
      await accord.checks.inconclusive(
        'RP-BCL-01',
        `the OP could not deliver a genuine logout token: ${sent.message}`,
      );
      return;
    }
    const after = await stillSignedIn();
    const problems: string[] = [];
    if (sent.status !== 200)
      problems.push(
        `the target answered ${sent.status} (Back-Channel Logout 2.8: 200 when the logout succeeded): ${sent.body.slice(0, 200)}`,
      );
    if (after.signedIn) problems.push(`the session survived: revisiting ${s.landing} still shows the user`);
    await accord.checks.record(
      'RP-BCL-01',
      problems.length === 0,
      problems.length === 0
        ? `a genuine logout token at ${sent.url} was answered 200 and ended the session: revisiting ${s.landing} no longer shows the user (${after.reason})`
        : problems.join('; '),
    );
  });
});
