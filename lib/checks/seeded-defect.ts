import type { CheckId } from './catalog.ts';

/**
 * A flaw a simulator can be started with, declared with the check that must catch it: the
 * self-test matrix starts the simulator with each one and expects exactly these checks to fail,
 * and the coverage test expects every check of the catalog to be claimed by one.
 */
export interface SeededDefect<Name extends string = string> {
  name: Name;
  description: string;
  /** The check a suite uses to catch it. */
  check: CheckId;
  /**
   * Further checks the defect fails by its nature, not by accident; the self-test matrix expects
   * exactly `check` and these. `same-weakness`: the defect lets those attacks through as well (the
   * same observable, or a wider hole), so it proves them too. `unjudgeable`: the defect breaks
   * what those checks need (a working sign-in), so they are inconclusive.
   */
  alsoFails?: { checks: readonly CheckId[]; as: 'same-weakness' | 'unjudgeable'; why: string };
}

/** Every check a defect is expected to fail. */
export function expectedFailures(d: SeededDefect): CheckId[] {
  return [...new Set([d.check, ...(d.alsoFails?.checks ?? [])])].sort();
}

/** The checks a defect proves: its own, and those it fails as the same weakness. */
export function provenChecks(d: SeededDefect): CheckId[] {
  return d.alsoFails?.as === 'same-weakness' ? [d.check, ...d.alsoFails.checks] : [d.check];
}
