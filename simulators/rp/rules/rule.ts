import type { RpDefectName } from '../defects.ts';

/** Why a rule refused its input, in words a vendor can act on; undefined when it holds. */
export type Verdict = string | undefined;

export type Check<T, X> = (input: T, expect: X) => Verdict | Promise<Verdict>;

/**
 * One validation rule: a name the error page shows, the clean check, and the weaker checks a
 * seeded defect puts in its place (each defect weakens at most one rule of a table).
 */
export interface Rule<T, X> {
  name: string;
  check: Check<T, X>;
  weakenedBy?: Partial<Record<RpDefectName, Check<T, X>>>;
  /**
   * openid-client enforces this rule too, with no switch to turn it off: a defect that weakens it
   * must keep the input out of the library's view (see library-view.ts).
   */
  libraryEnforces?: boolean;
}

/** Accepts anything: what a defect that switches a rule off puts in its place. */
export const accept: Check<unknown, unknown> = () => undefined;

/** The check each rule runs under these defects. */
export function activeCheck<T, X>(rule: Rule<T, X>, defects: ReadonlySet<RpDefectName>): Check<T, X> {
  for (const [defect, weaker] of Object.entries(rule.weakenedBy ?? {}) as Array<[RpDefectName, Check<T, X>]>)
    if (defects.has(defect)) return weaker;
  return rule.check;
}

export interface Refusal {
  rule: string;
  reason: string;
}

/** The first rule of the table that refuses the input, in table order. */
export async function firstRefusal<T, X>(
  rules: readonly Rule<T, X>[],
  defects: ReadonlySet<RpDefectName>,
  input: T,
  expect: X,
): Promise<Refusal | undefined> {
  for (const rule of rules) {
    const reason = await activeCheck(rule, defects)(input, expect);
    if (reason !== undefined) return { rule: rule.name, reason };
  }
  return undefined;
}

/** Whether these defects weaken a rule of the table that openid-client also enforces. */
export function weakensLibraryRule<T, X>(
  rules: readonly Rule<T, X>[],
  defects: ReadonlySet<RpDefectName>,
): boolean {
  return rules.some((r) => r.libraryEnforces && activeCheck(r, defects) !== r.check);
}

/** A sign-in or logout refused by a named rule: the error page and the 4xx answer carry both. */
export class RuleRefusal extends Error {
  constructor(
    readonly rule: string,
    readonly reason: string,
  ) {
    super(`${rule}: ${reason}`);
  }
}
