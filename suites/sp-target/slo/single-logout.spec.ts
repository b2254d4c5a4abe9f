import type { CheckId } from '../../../lib/checks/catalog.ts';
import { awaitSamlArrival } from '../../fixtures/await-arrival.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { checkLocalLogout, noAnswer } from '../checks/local-logout-check.ts';
import { checkLogoutRequest } from '../checks/logout-request-checks.ts';
import { assertedSubject } from '../steps/logout-subject.ts';
import { sloTarget } from '../steps/slo-preconditions.ts';
import { signedInForLogout } from '../steps/slo-sign-in.ts';
import { counterpartInfo } from '../steps/sp-login.ts';

const CHECKS: CheckId[] = ['SP-SLO-01', 'SP-SLO-02', 'SP-SLO-03'];

eachProject('sp', () => {
  checkTest('SP-initiated single logout', { flow: 'slo', checks: CHECKS }, async ({ page, accord }) => {
    test.setTimeout(120_000);
    const target = sloTarget(accord);
    const start = accord.profile.logout?.start;
    if (typeof target === 'string' || !start) {
      const reason =
        typeof target === 'string'
          ? target
          : 'the profile declares no logout.start to begin a logout at the SP';
      await accord.checks.skipAll(CHECKS, reason);
      test.skip(true, reason);
      return;
    }
    const s = await signedInForLogout(page, accord, target, CHECKS);
    if (!s) return;
    const back = await awaitSamlArrival(page, target.urls, 'SAMLResponse', () =>
      page.goto(accord.fill(start)).catch(() => undefined),
    ).catch((e: Error) => e);
    const trace = await accord.counterpart.trace({ flowId: accord.flowId });
    const idp = await counterpartInfo(accord);
    const request = trace.filter((e) => e.kind === 'LogoutRequest' && e.direction === 'in').pop();
    await checkLogoutRequest(
      accord,
      request,
      assertedSubject(trace),
      idp,
      noAnswer(trace, accord.flowId, false),
    );
    const answer = trace.filter((e) => e.kind === 'LogoutResponse' && e.direction === 'out').pop();
    await checkLocalLogout(page, accord, s, answer, back, trace);
  });
});
