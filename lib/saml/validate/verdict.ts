import type { TraceCheck } from '../../trace/types.ts';
import type { CheckOutcome, Problem } from './types.ts';

/**
 * Turns a check's problems into its recorded result. A problem excused by an enabled seeded
 * defect is still shown, as a warning, so a report never hides what the reference SP let through.
 */
export function verdict(id: string, outcome: CheckOutcome, defects: ReadonlySet<string>): TraceCheck {
  if (outcome.skip !== undefined) return { id, status: 'skip', detail: outcome.skip };
  if (outcome.problems.length === 0) return { id, status: 'pass', detail: outcome.passDetail };
  const blocking = outcome.problems.filter((p) => excusing(p, defects) === undefined);
  if (blocking.length > 0) return { id, status: 'fail', detail: blocking.map((p) => p.detail).join('; ') };
  return {
    id,
    status: 'warn',
    detail: outcome.problems
      .map((p) => `ignored: seeded defect ${excusing(p, defects)}: ${p.detail}`)
      .join('; '),
  };
}

/** The enabled seeded defect that excuses this problem, if any. */
export function excusing(p: Problem, defects: ReadonlySet<string>): string | undefined {
  const by = p.excusedBy === undefined ? [] : typeof p.excusedBy === 'string' ? [p.excusedBy] : p.excusedBy;
  return by.find((d) => defects.has(d));
}

export function ok(passDetail: string, problems: Problem[] = []): CheckOutcome {
  return { problems, passDetail };
}

export function skipped(reason: string): CheckOutcome {
  return { problems: [], passDetail: '', skip: reason };
}
