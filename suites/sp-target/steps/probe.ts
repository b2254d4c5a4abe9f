import { randomBytes } from 'node:crypto';
import { test } from '@playwright/test';
import type { ResponsePlan } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import type { Delivery, MessageFlows, Via } from './message-flows.ts';

/** What one attack showed, before the control login says whether a refusal counts. */
export type ProbeResult =
  /** The target let it through: the detail says what it did. */
  | { check: CheckId; kind: 'breach'; detail: string }
  /** The target refused it; counts only if the target still signs the genuine user in afterwards. */
  | { check: CheckId; kind: 'refused'; detail: string; via: Via }
  /** The outcome itself shows the target works and did the right thing. */
  | { check: CheckId; kind: 'pass'; detail: string }
  /** The check does not apply to what the target declares. */
  | { check: CheckId; kind: 'skip'; detail: string }
  /** The attack could not be carried out (no fault of the target proven). */
  | { check: CheckId; kind: 'broken'; detail: string };

export interface AttackContext {
  skewSeconds: number;
  acsUrl: string;
  session: MessageFlows;
  /** Unique per attack run: names its traffic (e.g. on the XXE listener). */
  token: string;
}

/** An attack that rides on the Response the IdP simulator sends, as the plan shapes it. */
export interface ResponseAttack {
  check: CheckId;
  plan(ctx: AttackContext): ResponsePlan | Promise<ResponsePlan>;
  /** The attack needs a request to answer; otherwise it goes unsolicited when the target accepts that. */
  needsRequest?: boolean;
  /**
   * Whether the outcome shows the attack got through, as a sentence; default: the genuine or the
   * forged user is signed in ("reaching the protected page, or seeing the attacker's identity").
   */
  breach?(d: Delivery, ctx: AttackContext): string | undefined | Promise<string | undefined>;
  /** When the right answer is to sign someone in: says so, for an outcome that is no breach. */
  rightfullyAccepted?(d: Delivery, ctx: AttackContext): string | undefined;
}

export function newToken(): string {
  return `t${randomBytes(8).toString('hex')}`;
}

export function attackContext(session: MessageFlows): AttackContext {
  return {
    skewSeconds: session.accord.profile.clockSkewSeconds ?? 180,
    acsUrl: session.acsUrl,
    session,
    token: newToken(),
  };
}

export function defaultBreach(d: Delivery, session: MessageFlows): string | undefined {
  const who = session.signedInAs(d.outcome);
  if (who.length === 0) return undefined;
  const names = who.map((u) => (u === session.forged ? `the forged identity ${u.email}` : `${u.email}`));
  return `the target accepted it and signed in ${names.join(' and ')} (ended on ${d.outcome!.finalUrl}, flow ${d.flowId})`;
}

/** One probe of a group: carries out its check's attack, and later says what it showed. */
export interface Probe {
  check: CheckId;
  run(session: MessageFlows): Promise<() => Promise<ProbeResult>>;
}

/** Runs every probe of a group the run asked for, one flow each, and records them all. */
export async function runProbes(session: MessageFlows, probes: readonly Probe[]): Promise<void> {
  const pending = [];
  for (const probe of probes) {
    if (!session.accord.checks.wants(probe.check)) continue;
    pending.push(await test.step(`attack: ${probe.check}`, () => probe.run(session)));
  }
  await settle(session, pending);
}

/** The Response attacks of a group as probes. */
export function asProbes(attacks: readonly ResponseAttack[]): Probe[] {
  return attacks.map((attack) => ({ check: attack.check, run: (session) => deliverAttack(session, attack) }));
}

export function deliverAll(session: MessageFlows, attacks: readonly ResponseAttack[]): Promise<void> {
  return runProbes(session, asProbes(attacks));
}

/** Delivers one Response attack and reads its outcome. Breach evidence is gathered by `settle`. */
export async function deliverAttack(
  session: MessageFlows,
  attack: ResponseAttack,
): Promise<() => Promise<ProbeResult>> {
  const via = session.via(attack.needsRequest);
  if (!via) {
    const detail = attack.needsRequest
      ? 'the target declares no SP-initiated login to answer'
      : 'the target declares no login flow this attack can ride on';
    return async () => ({ check: attack.check, kind: 'skip', detail });
  }
  const ctx = attackContext(session);
  let plan: ResponsePlan;
  try {
    plan = await attack.plan(ctx);
  } catch (e) {
    const detail = `the attack could not be prepared: ${(e as Error).message}`;
    return async () => ({ check: attack.check, kind: 'broken', detail });
  }
  const d = await session.deliver(plan, { via });
  return async () => {
    if (d.error && !d.outcome) {
      return {
        check: attack.check,
        kind: 'broken',
        detail: `${via} delivery broke (flow ${d.flowId}): ${d.error}`,
      };
    }
    const breach = attack.breach ? await attack.breach(d, ctx) : defaultBreach(d, session);
    if (breach) return { check: attack.check, kind: 'breach', detail: breach };
    const accepted = attack.rightfullyAccepted?.(d, ctx);
    if (accepted) return { check: attack.check, kind: 'pass', detail: accepted };
    const o = d.outcome!;
    return {
      check: attack.check,
      kind: 'refused',
      via,
      detail: `refused (${via}, flow ${d.flowId}: ACS answered ${o.acsStatus}, ended on ${o.finalUrl})`,
    };
  };
}

/**
 * Records every result. Refusals count only when a clean login right after them succeeds: one
 * control for the lot, since each attack ran in a flow of its own from an empty cookie jar and its
 * verdict comes from its own outcome; the control only proves the target was working throughout.
 */
export async function settle(
  session: MessageFlows,
  pending: Array<() => Promise<ProbeResult>>,
): Promise<void> {
  const results: ProbeResult[] = [];
  for (const p of pending) results.push(await p());
  const refused = results.filter((r) => r.kind === 'refused');
  const control =
    refused.length > 0
      ? await session.control(refused.some((r) => r.via === 'sp-initiated') ? 'sp-initiated' : 'unsolicited')
      : undefined;
  await session.close();
  const checks = session.accord.checks;
  for (const r of results) {
    if (r.kind === 'skip') await checks.skip(r.check, r.detail);
    else if (r.kind === 'pass') await checks.pass(r.check, r.detail);
    else if (r.kind === 'breach') await checks.fail(r.check, r.detail);
    else if (r.kind === 'broken') await checks.inconclusive(r.check, r.detail);
    else if (control?.ok) await checks.pass(r.check, `${r.detail}; ${control.detail} right after`);
    else await checks.inconclusive(r.check, `${r.detail}, but ${control?.detail}`);
  }
}
