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

/** How one forged flow is judged once it ended: signing in at all is a breach, unless the forgery says otherwise. */
export type JudgeOutcome = (
  f: Forgery,
  flow: CodeFlow,
  trace: TraceEntry[],
) => ForgedOutcome | Promise<ForgedOutcome>;

type Judged = {
  check: Forgery['check'];
  kind: 'fail' | 'pass' | 'skip' | 'inconclusive' | 'refused';
  detail: string;
};

/** One forgery in a flow of its own on the shared page: its cookie jar holds nothing but the OP session. */
async function forgedFlow(
  page: Page,
  accord: Accord,
  f: Forgery,
  first: boolean,
  outcome: JudgeOutcome,
): Promise<Judged> {
  const context = page.context();
  let flowId = accord.flowId;
  if (!first) {
    await context.clearCookies();
    flowId = await accord.tag(context);
  }
  await test.step(`forge: ${f.forge}`, () => op(accord).planFlow(flowId, { forge: f.forge }));
  const flow = await codeFlowLogin(page, accord, flowId);
  const trace = await op(accord).trace({ flowId });
  const why = unjudgeable(f, flow, trace);
  if (why.skip) return { check: f.check, kind: 'skip', detail: why.skip };
  if (why.broken) return { check: f.check, kind: 'inconclusive', detail: why.broken };
  const o = await outcome(f, flow, trace);
  const kind = (
    { breach: 'fail', 'accepted-rightly': 'pass', unobservable: 'skip', refused: 'refused' } as const
  )[o.kind];
  return { check: f.check, kind, detail: o.detail };
}

/**
 * Forgeries against the target, each in a flow of its own: the OP is told to forge it in that
 * flow, the browser logs in through the target, and the outcome is judged. Refusals count only if a
 * genuine login in a fresh browser context signs in right after them, else "refused" might mean
 * "broken": one control for the lot, since each forged flow's verdict comes from its own outcome
 * and the control only proves the target was working throughout.
 */
export async function judgeForgeries(
  page: Page,
  browser: Browser,
  accord: Accord,
  forgeries: readonly Forgery[],
  outcome: JudgeOutcome = (f, flow) => signedInIsBreach(f, flow),
): Promise<void> {
  const { checks } = accord;
  const results: Judged[] = [];
  for (const f of forgeries.filter((f) => checks.wants(f.check)))
    results.push(await forgedFlow(page, accord, f, results.length === 0, outcome));
  const after = results.some((r) => r.kind === 'refused') ? await control(browser, accord) : undefined;
  for (const r of results) {
    if (r.kind === 'fail') await checks.fail(r.check, r.detail);
    else if (r.kind === 'pass') await checks.pass(r.check, r.detail);
    else if (r.kind === 'skip') await checks.skip(r.check, r.detail);
    else if (r.kind === 'inconclusive') await checks.inconclusive(r.check, r.detail);
    else if (after?.ok) await checks.pass(r.check, `${r.detail}; ${after.detail}`);
    else
      await checks.inconclusive(
        r.check,
        `${r.detail}, but ${after?.detail}: the refusal may mean the target is broken`,
      );
  }
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
