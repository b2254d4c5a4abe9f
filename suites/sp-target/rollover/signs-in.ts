import type { ResponsePlan } from '../../../lib/admin/protocol.ts';
import type { MessageFlows, Via } from '../steps/message-flows.ts';

/** One Response delivered by `plan`: whether the genuine user signed in, and the words that say so. */
export async function signsIn(
  session: MessageFlows,
  via: Via,
  plan: ResponsePlan,
): Promise<{ ok: boolean; detail: string }> {
  const d = await session.deliver(plan, { via });
  if (!d.outcome) return { ok: false, detail: `the flow broke (flow ${d.flowId}): ${d.error}` };
  const v = session.judge(d.outcome, session.genuine);
  return {
    ok: v.signedIn,
    detail: v.signedIn ? `signed in (flow ${d.flowId})` : `${v.reason} (flow ${d.flowId})`,
  };
}
