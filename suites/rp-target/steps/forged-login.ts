import { type Browser, type Page, test } from '@playwright/test';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { single } from '../checks/authorization-request-checks.ts';
import type { Forgery } from '../security/forgeries.ts';
import { type CodeFlow, codeFlowLogin, control, pageSays, shortUrl } from './code-flow-login.ts';
import { op } from './op.ts';
import {
  authorizationRequest,
  forgedAuthorizationResponse,
  opError,
  tokenResponse,
  userinfoResponse,
} from './op-trace.ts';

/**
 * What a forged flow showed: the target let the forgery take effect, or did not; a forged flow that
 * signs in for a good reason (the forged part was rightly left unused) passes at once.
 */
export type ForgedOutcome =
  | { kind: 'breach'; detail: string }
  | { kind: 'accepted-rightly'; detail: string }
  | { kind: 'refused'; detail: string }
  /** The outcome cannot show whether the forgery took effect: the check is skipped with why. */
  | { kind: 'unobservable'; detail: string };

/** Whether the forgery was on its way to the target in this flow: the OP says what it forged. */
function delivered(f: Forgery, trace: TraceEntry[]): boolean {
  switch (f.stage) {
    case 'authorization-response':
      return forgedAuthorizationResponse(trace) === f.forge;
    case 'id-token':
      return tokenResponse(trace)?.forged === f.forge;
    case 'userinfo':
      return userinfoResponse(trace)?.forged === f.forge;
  }
}

/** Why the forgery could not be judged in this flow, if it could not: its premise is absent, or it never reached the target. */
function unjudgeable(f: Forgery, flow: CodeFlow, trace: TraceEntry[]): { skip?: string; broken?: string } {
  const request = authorizationRequest(trace);
  if (!request)
    return {
      broken: `the OP received no authentication request in flow ${flow.flowId} (${flow.broke ?? flow.verdict.reason})`,
    };
  if (f.needs && !single(request, f.needs))
    return {
      skip: `the authentication request carried no ${f.needs}, so there is none to ${f.needs === 'state' ? 'return' : 'echo'} wrongly`,
    };
  if (delivered(f, trace)) return {};
  if (f.stage === 'userinfo' && !trace.some((e) => e.kind === 'UserinfoRequest'))
    return flow.verdict.signedIn || flow.arrival
      ? {
          skip: `the target did not call userinfo in flow ${flow.flowId}, so no userinfo claim could reach it`,
        }
      : { broken: `the flow broke before userinfo: ${flow.broke ?? flow.verdict.reason}` };
  const why =
    flow.broke ??
    opError(trace) ??
    `the target made no ${f.stage === 'id-token' ? 'token' : 'userinfo'} request`;
  return { broken: `the OP never sent the forgery in flow ${flow.flowId}: ${why}` };
}

/**
 * One forgery against the target: the OP is told to forge it in this test's flow, the browser
 * logs in through the target, and the outcome is judged; a refusal counts only if a genuine login
 * in a fresh browser context signs in right after, else "refused" might mean "broken".
 */
export async function judgeForgery(
  page: Page,
  browser: Browser,
  accord: Accord,
  f: Forgery,
  outcome: (flow: CodeFlow, trace: TraceEntry[]) => ForgedOutcome | Promise<ForgedOutcome> = (flow) =>
    signedInIsBreach(f, flow),
): Promise<void> {
  const { checks } = accord;
  await test.step(`forge: ${f.forge}`, () => op(accord).planFlow(accord.flowId, { forge: f.forge }));
  const flow = await codeFlowLogin(page, accord);
  const trace = await op(accord).trace({ flowId: flow.flowId });
  const why = unjudgeable(f, flow, trace);
  if (why.skip) return checks.skip(f.check, why.skip);
  if (why.broken) return checks.inconclusive(f.check, why.broken);
  const o = await outcome(flow, trace);
  if (o.kind === 'breach') return checks.fail(f.check, o.detail);
  if (o.kind === 'accepted-rightly') return checks.pass(f.check, o.detail);
  if (o.kind === 'unobservable') return checks.skip(f.check, o.detail);
  const after = await control(browser, accord);
  if (after.ok) await checks.pass(f.check, `${o.detail}; ${after.detail}`);
  else
    await checks.inconclusive(
      f.check,
      `${o.detail}, but ${after.detail}: the refusal may mean the target is broken`,
    );
}

/** The default judgement: signing the browser in at all lets the forgery take effect. */
export function signedInIsBreach(f: Forgery, flow: CodeFlow): ForgedOutcome {
  return flow.verdict.signedIn
    ? {
        kind: 'breach',
        detail: `the target accepted ${f.what} and signed in ${flow.user.email} (${flow.verdict.reason}, flow ${flow.flowId})`,
      }
    : {
        kind: 'refused',
        detail: `refused ${f.what}: the browser was not signed in (redirect URI answered ${flow.arrival?.status}, ended on ${shortUrl(flow.arrival?.finalUrl)}${pageSays(flow) ? ` showing "${pageSays(flow)}"` : ''})`,
      };
}
