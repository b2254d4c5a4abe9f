import type { Page } from '@playwright/test';
import { awaitAcs } from '../fixtures/await-acs.ts';
import { type Accord, test } from '../fixtures/index.ts';
import { judgeSignedIn } from '../fixtures/success-detector.ts';
import { RESPONSE_ATTACKS } from './attacks/response-attacks.ts';
import { postForm } from './steps/post-form.ts';
import {
  acsUrlOf,
  idpInitiatedLogin,
  type LoginResult,
  spInitiatedLogin,
  userVars,
} from './steps/sp-login.ts';

function login(page: Page, accord: Accord, needsRequest: boolean): Promise<LoginResult> | undefined {
  const caps = accord.profile.capabilities;
  if (caps.spInitiated && caps.bindings.length > 0) return spInitiatedLogin(page, accord, caps.bindings[0]);
  if (!needsRequest && caps.idpInitiated) return idpInitiatedLogin(page, accord);
  return undefined;
}

/** A clean login in a fresh session proves the target works, so a refusal means the attack was caught. */
async function controlLogin(accord: Accord, page: Page): Promise<LoginResult> {
  return (await login(page, accord, false))!;
}

for (const attack of RESPONSE_ATTACKS) {
  test(`rejects: ${attack.check}`, { tag: '@security' }, async ({ page, accord, browser }) => {
    const skew = accord.profile.clockSkewSeconds ?? 180;
    await accord.counterpart.planFlow(
      accord.flow,
      attack.plan({ skewSeconds: skew, acsUrl: acsUrlOf(accord) }),
    );
    const attempt = login(page, accord, !!attack.needsRequest);
    if (!attempt) {
      const reason = 'the target declares no login flow this attack can ride on';
      await accord.checks.skip(attack.check, reason);
      test.skip(true, reason);
      return;
    }
    const result = await attempt;
    if (result.verdict.signedIn) {
      await accord.checks.fail(
        attack.check,
        `the target accepted the altered Response: ${result.verdict.reason}`,
      );
      return;
    }
    const ctx = await browser.newContext();
    await accord.tag(ctx);
    const clean = await controlLogin(accord, await ctx.newPage());
    await ctx.close();
    await accord.checks.record(
      attack.check,
      clean.verdict.signedIn,
      clean.verdict.signedIn
        ? `refused (ACS answered ${result.outcome.acsStatus}, ended on ${result.outcome.finalUrl}); a clean login right after succeeded`
        : `inconclusive: a clean login fails too (${clean.verdict.reason})`,
    );
  });
}

test('rejects: SP-SEC-REPLAY', { tag: '@security' }, async ({ page, accord, browser }) => {
  const first = login(page, accord, false);
  if (!first) {
    await accord.checks.skip('SP-SEC-REPLAY', 'the target declares no login flow this check can ride on');
    test.skip(true, 'no login flow declared');
    return;
  }
  const result = await first;
  if (!result.verdict.signedIn) {
    await accord.checks.fail(
      'SP-SEC-REPLAY',
      `inconclusive: the genuine login failed (${result.verdict.reason})`,
    );
    return;
  }
  const sent = (await accord.counterpart.trace({ flow: accord.flow }))
    .filter((e) => e.kind === 'Response')
    .pop();
  if (!sent?.raw) {
    await accord.checks.fail('SP-SEC-REPLAY', 'the IdP simulator recorded no Response to replay');
    return;
  }
  const ctx = await browser.newContext();
  await accord.tag(ctx);
  const attacker = await ctx.newPage();
  const acsUrl = acsUrlOf(accord);
  const outcome = await awaitAcs(attacker, acsUrl, () =>
    postForm(attacker, acsUrl, { SAMLResponse: sent.raw, RelayState: sent.relayState }),
  );
  await ctx.close();
  const verdict = judgeSignedIn(outcome, accord.profile.login!.success, (s, enc) =>
    accord.fill(s, userVars(result.user), enc),
  );
  await accord.checks.record(
    'SP-SEC-REPLAY',
    !verdict.signedIn,
    verdict.signedIn
      ? `the same Response signed a second session in: ${verdict.reason}`
      : `the replayed Response was refused (ACS answered ${outcome.acsStatus})`,
  );
});
