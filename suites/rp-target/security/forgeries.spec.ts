import type { Page } from '@playwright/test';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import type { Accord } from '../../fixtures/index.ts';
import { test } from '../../fixtures/index.ts';
import type { CodeFlow } from '../steps/code-flow-login.ts';
import { type ForgedOutcome, judgeForgeries, signedInIsBreach } from '../steps/forged-login.ts';
import { tokenResponse, userinfoResponse } from '../steps/op-trace.ts';
import { readClaimsEcho } from '../steps/read-claims-echo.ts';
import { FORGERY_GROUPS, type Forgery } from './forgeries.ts';

/**
 * RP-USERINFO-SUB judges the effect: the forged userinfo must not reach the application. Signing
 * in on the ID token alone, userinfo set aside, is right; so is refusing the whole login.
 */
function userinfoSubOutcome(page: Page, accord: Accord) {
  return async (f: Forgery, flow: CodeFlow, trace: TraceEntry[]): Promise<ForgedOutcome> => {
    if (!flow.verdict.signedIn) return signedInIsBreach(f, flow);
    const echo = accord.profile.login?.echo;
    if (!echo)
      return {
        kind: 'unobservable',
        detail:
          'the target signed in, and without a login.echo page there is no seeing whether the forged userinfo claims reached the application',
      };
    const forgedSub = userinfoResponse(trace)?.claims?.sub;
    const idTokenSub = tokenResponse(trace)?.idToken?.claims.sub;
    const seen = await readClaimsEcho(page, accord, echo);
    return seen.sub === forgedSub || seen.claims.sub === forgedSub
      ? {
          kind: 'breach',
          detail: `the application got the forged userinfo sub ${JSON.stringify(forgedSub)}, though the ID token named ${JSON.stringify(idTokenSub)} (flow ${flow.flowId})`,
        }
      : {
          kind: 'accepted-rightly',
          detail: `signed in on the ID token's sub ${JSON.stringify(idTokenSub)}; the forged userinfo sub ${JSON.stringify(forgedSub)} did not reach the application (flow ${flow.flowId})`,
        };
  };
}

eachProject('rp', () => {
  for (const group of FORGERY_GROUPS) {
    checkTest(
      group.title,
      { flow: 'security', checks: group.forgeries.map((f) => f.check) },
      async ({ page, browser, accord }) => {
        test.setTimeout(120_000);
        const userinfoSub = userinfoSubOutcome(page, accord);
        await judgeForgeries(page, browser, accord, group.forgeries, (f, flow, trace) =>
          f.check === 'RP-USERINFO-SUB' ? userinfoSub(f, flow, trace) : signedInIsBreach(f, flow),
        );
      },
    );
  }
});
