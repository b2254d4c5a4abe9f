import type { Page } from '@playwright/test';
import { NS, STATUS } from '../../../lib/saml/namespaces.ts';
import { firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Arrival } from '../../fixtures/await-arrival.ts';
import type { Accord } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import { judgeSignedIn } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { revisitUnjudgeable, type SignedIn } from '../steps/slo-sign-in.ts';

/** A URL without its query: a Redirect-binding URL carries kilobytes of message. */
function withoutQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
}

function statusOf(entry: TraceEntry): string | undefined {
  if (!entry.decoded) return undefined;
  const root = parseUntrustedXml(entry.decoded, 'LogoutResponse').documentElement!;
  const status = firstChild(root, NS.samlp, 'Status');
  return (status && firstChild(status, NS.samlp, 'StatusCode')?.getAttribute('Value')) ?? undefined;
}

/** Why the IdP simulator did not answer a LogoutRequest in this flow, from what it recorded. */
export function noAnswer(trace: TraceEntry[], flow: string, received: boolean): string {
  const error = trace.filter((e) => e.kind === 'Error').pop();
  const refusal = error ? `: it refused a message (${error.info?.check}: ${error.info?.error})` : '';
  return received
    ? `the IdP simulator sent no LogoutResponse${refusal}`
    : `the IdP simulator received no LogoutRequest in flow ${flow}${refusal}`;
}

/**
 * SP-SLO-03: once the IdP answered Success and the browser brought that answer back to the SP,
 * the page the login ended on must no longer show the user, and the logout must end where the
 * profile says a logout ends.
 */
export async function checkLocalLogout(
  page: Page,
  accord: Accord,
  s: SignedIn,
  answer: TraceEntry | undefined,
  back: Arrival | Error,
  trace: TraceEntry[],
): Promise<void> {
  const c = accord.checks;
  if (!answer) {
    await c.inconclusive('SP-SLO-03', noAnswer(trace, accord.flowId, true));
    return;
  }
  const status = statusOf(answer);
  if (status !== STATUS.success) {
    await c.inconclusive('SP-SLO-03', `the IdP simulator answered status ${status}, not Success`);
    return;
  }
  if (back instanceof Error) {
    await c.fail('SP-SLO-03', `the IdP's Success LogoutResponse did not reach the SP: ${back.message}`);
    return;
  }
  const unjudgeable = revisitUnjudgeable(s);
  if (unjudgeable) {
    await c.inconclusive('SP-SLO-03', unjudgeable);
    return;
  }
  const problems: string[] = [];
  if (back.status >= 400) problems.push(`the SP's SingleLogoutService answered ${back.status}`);
  const detector = accord.profile.logout?.success;
  if (detector) {
    const reached = judgeSignedIn({ ...back, acsStatus: 0 }, detector, (t, enc) =>
      accord.fill(t, userVars(s.login.user), enc),
    );
    if (!reached.signedIn) problems.push(`the logout did not reach logout.success: ${reached.reason}`);
  }
  const landing = s.login.outcome.finalUrl;
  const after = await revisitLanding(page, accord, landing, s.login.user);
  if (after.signedIn) problems.push(`${landing} still shows the user after the logout`);
  const ended = `the browser ended on ${withoutQuery(back.finalUrl)}${detector ? ' (logout.success)' : ' (the profile declares no logout.success)'}`;
  await c.record(
    'SP-SLO-03',
    problems.length === 0,
    problems.length > 0
      ? problems.join('; ')
      : `the Success LogoutResponse reached the SP (${back.status}), ${ended}; revisiting ${landing}: ${after.reason}`,
  );
}
