import { randomBytes } from 'node:crypto';
import { test } from '@playwright/test';
import type { ResponsePlan, TestUser } from '../../../lib/admin/protocol.ts';
import { type CheckId, checkDef } from '../../../lib/checks/catalog.ts';
import { declares } from '../../../lib/target/index.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import type { EchoedIdentity } from '../checks/echo-matches-assertion.ts';
import type { Delivery, MessageFlows, Via } from './message-flows.ts';

/**
 * A SHOULD-level check the same delivery feeds: the target ought to refuse the message whole, though
 * accepting it while ignoring its forged part achieves nothing. `accepted` says how it did not.
 */
export interface RefuseWhole {
  check: CheckId;
  accepted?: string;
}

/**
 * What one attack showed, before the control login says whether a refusal counts. `note`: how the
 * attack was carried out otherwise than the profile declares (FALLBACK_NOTE), for its report.
 */
export type ProbeResult = ProbeVerdict & { refuseWhole?: RefuseWhole; note?: string };

type ProbeVerdict =
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
  /** What the profile's echo page showed right after the delivery (`inspect`), or why it could not be read. */
  echo?: EchoedIdentity | Error;
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
  /** A SHOULD-level check this delivery feeds too: it warns when the target signed anyone in at all. */
  refuseWhole?: CheckId;
  /**
   * Reads, right after the delivery and before the shared page moves on to the next flow, what the
   * verdict needs beyond where the browser ended (e.g. the echo page into `ctx.echo`).
   */
  inspect?(d: Delivery, ctx: AttackContext): Promise<void>;
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

/**
 * Why the profile cannot tell the genuine user from the forged one on the page a login ends on, or
 * undefined when it can: a success detector that names no user variable matches both.
 */
export function indistinct(session: MessageFlows): string | undefined {
  const detector = session.accord.profile.login?.success;
  if (!detector) return 'the profile declares no login.success';
  const fill = (u: TestUser) =>
    JSON.stringify([detector.url, detector.text].map((t) => (t ? session.accord.fill(t, userVars(u)) : t)));
  if (fill(session.genuine) !== fill(session.forged)) return undefined;
  return "the profile's login.success names no user ({email}, {username}…), so the page a login ends on does not say who signed in";
}

/**
 * The breach of an attack whose forged part is an identity: only the forged identity signed in is
 * one. The genuine user signed in from the signed part means the forged part took no effect.
 */
export function forgedBreach(d: Delivery, session: MessageFlows): string | undefined {
  if (!d.outcome || !session.judge(d.outcome, session.forged).signedIn) return undefined;
  return `the target signed in the forged identity ${session.forged.email} (ended on ${d.outcome.finalUrl}, flow ${d.flowId})`;
}

/** The genuine user signed in, the forged one not: the signed content alone took effect. */
export function genuineOnly(d: Delivery, session: MessageFlows): boolean {
  return (
    !!d.outcome &&
    session.judge(d.outcome, session.genuine).signedIn &&
    !session.judge(d.outcome, session.forged).signedIn
  );
}

/**
 * Whether the IdP simulator sent more Responses in a flow than the attack carried: a target that
 * refuses a message and sends the browser to sign in again meets the IdP simulator's live session,
 * which answers at once with a genuine Response. The sign-in that follows is no effect of the attack.
 */
export async function reloggedIn(session: MessageFlows, flowId: string, carried = 1): Promise<boolean> {
  const sent = (await session.accord.counterpart.trace({ flowId })).filter(
    (e) => e.kind === 'Response' && e.direction === 'out',
  );
  return sent.length > carried;
}

/**
 * The delivery as its effect is judged: when the target sent the browser to sign in again and the
 * IdP simulator's session answered, nobody was signed in by the attack, unless the forged identity
 * shows all the same. `carried`: the Responses of the flow the attack itself used.
 */
export async function effectOf(
  session: MessageFlows,
  d: Delivery,
  carried = 1,
): Promise<{ judged: Delivery; relogin: boolean }> {
  if (!d.outcome || session.judge(d.outcome, session.forged).signedIn) return { judged: d, relogin: false };
  if (!(await reloggedIn(session, d.flowId, carried))) return { judged: d, relogin: false };
  return { judged: { ...d, outcome: undefined }, relogin: true };
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
  /** A further check it feeds: the probe runs when the run asks for either. */
  also?: CheckId;
  run(session: MessageFlows): Promise<() => Promise<ProbeResult>>;
}

/** Runs every probe of a group the run asked for, one flow each, and records them all. */
export async function runProbes(session: MessageFlows, probes: readonly Probe[]): Promise<void> {
  const pending = [];
  for (const probe of probes) {
    const checks = session.accord.checks;
    if (!checks.wants(probe.check) && !(probe.also && checks.wants(probe.also))) continue;
    const mark = session.fallbackMark;
    const result = await test.step(`attack: ${probe.check}`, () => probe.run(session));
    const note = session.fellBackSince(mark);
    pending.push(note ? async () => ({ ...(await result()), note }) : result);
  }
  await settle(session, pending);
}

/** The Response attacks of a group as probes. */
export function asProbes(attacks: readonly ResponseAttack[]): Probe[] {
  return attacks.map((attack) => ({
    check: attack.check,
    also: attack.refuseWhole,
    run: (session) => deliverAttack(session, attack),
  }));
}

export function deliverAll(session: MessageFlows, attacks: readonly ResponseAttack[]): Promise<void> {
  return runProbes(session, asProbes(attacks));
}

/** Delivers one Response attack and reads its outcome. Breach evidence is gathered by `settle`. */
export async function deliverAttack(
  session: MessageFlows,
  attack: ResponseAttack,
): Promise<() => Promise<ProbeResult>> {
  const need = checkDef(attack.check).appliesIf;
  if (!declares(session.accord.profile, need))
    return async () => ({
      check: attack.check,
      kind: 'skip',
      detail: `does not apply: the profile does not declare ${need}`,
    });
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
  await attack.inspect?.(d, ctx);
  return async () => {
    const r = await judgeAttack(session, attack, ctx, d);
    if (!attack.refuseWhole) return r;
    return { ...r, refuseWhole: { check: attack.refuseWhole, accepted: acceptedAtAll(r, d, session) } };
  };
}

/** What one delivered attack showed: by its effect, a sign-in the IdP simulator gave after a refusal set aside. */
export async function judgeAttack(
  session: MessageFlows,
  attack: ResponseAttack,
  ctx: AttackContext,
  d: Delivery,
): Promise<ProbeVerdict> {
  const via = d.via;
  if (d.error && !d.outcome) {
    return {
      check: attack.check,
      kind: 'broken',
      detail: `${via} delivery broke (flow ${d.flowId}): ${d.error}`,
    };
  }
  const o = d.outcome!;
  const refused: ProbeVerdict & { kind: 'refused' } = {
    check: attack.check,
    kind: 'refused',
    via,
    detail: `refused (${via}, flow ${d.flowId}: ACS answered ${o.acsStatus}, ended on ${o.finalUrl})`,
  };
  const { judged, relogin } = await effectOf(session, d);
  if (relogin)
    refused.detail = `refused (${via}, flow ${d.flowId}: ACS answered ${o.acsStatus}, then sent the browser to the IdP to sign in again, which the IdP simulator's own session answered)`;
  if (session.signedInAs(judged.outcome).length > 0) {
    const unknown = indistinct(session);
    if (unknown)
      return {
        check: attack.check,
        kind: 'broken',
        detail: `the target signed someone in (flow ${d.flowId}, ended on ${o.finalUrl}), but ${unknown}`,
      };
  }
  let breach: string | undefined;
  try {
    breach = attack.breach ? await attack.breach(judged, ctx) : defaultBreach(judged, session);
  } catch (e) {
    // The outcome the verdict needs could not be read: no fault of the target proven.
    return { check: attack.check, kind: 'broken', detail: `${(e as Error).message} (flow ${d.flowId})` };
  }
  if (breach) return { check: attack.check, kind: 'breach', detail: breach };
  const accepted = attack.rightfullyAccepted?.(judged, ctx);
  if (accepted) return { check: attack.check, kind: 'pass', detail: accepted };
  return refused;
}

/** Whether the target signed anyone in from the message, in words; undefined when it refused it. */
function acceptedAtAll(r: ProbeVerdict, d: Delivery, session: MessageFlows): string | undefined {
  if (r.kind === 'refused' || r.kind === 'skip' || r.kind === 'broken') return undefined;
  const who = session.signedInAs(d.outcome).map((u) => u.email);
  if (who.length === 0) return undefined;
  return `${r.check} (flow ${d.flowId}): the target accepted a Response carrying an assertion no signature covers and signed in ${who.join(' and ')}`;
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
    const note = r.note;
    if (r.kind === 'skip') await checks.skip(r.check, r.detail);
    else if (r.kind === 'pass') await checks.pass(r.check, r.detail, note);
    else if (r.kind === 'breach') await checks.fail(r.check, r.detail, note);
    else if (r.kind === 'broken') await checks.inconclusive(r.check, r.detail, note);
    else if (control?.ok) await checks.pass(r.check, `${r.detail}; ${control.detail} right after`, note);
    else await checks.inconclusive(r.check, `${r.detail}, but ${control?.detail}`, note);
  }
  await recordRefuseWhole(session, results, control);
}

/** Each SHOULD-level check the probes fed, once: a warning when any of them was accepted at all. */
async function recordRefuseWhole(
  session: MessageFlows,
  results: readonly ProbeResult[],
  control: { ok: boolean; detail: string } | undefined,
): Promise<void> {
  const checks = session.accord.checks;
  const fed = new Map<CheckId, ProbeResult[]>();
  for (const r of results)
    if (r.refuseWhole) fed.set(r.refuseWhole.check, [...(fed.get(r.refuseWhole.check) ?? []), r]);
  for (const [check, rs] of fed) {
    const accepted = rs.flatMap((r) => r.refuseWhole?.accepted ?? []);
    const attacks = rs.map((r) => r.check).join(', ');
    const note = rs.find((r) => r.note)?.note;
    if (accepted.length > 0) await checks.fail(check, accepted.join('; '), note);
    else if (rs.every((r) => r.kind === 'skip')) await checks.skip(check, rs[0]!.detail);
    else if (rs.every((r) => r.kind === 'refused') && control?.ok)
      await checks.pass(check, `refused whole in ${attacks}; ${control.detail} right after`, note);
    else
      await checks.inconclusive(
        check,
        `${attacks}: ${rs
          .filter((r) => r.kind !== 'refused' || !control?.ok)
          .map((r) => r.detail)
          .join('; ')}${control && !control.ok ? `; ${control.detail}` : ''}`,
        note,
      );
  }
}
