import type { CheckResult, CheckStatus } from '../lib/checks/types.ts';
import { PROTOCOL_ROLES } from '../lib/protocol/roles.ts';

/** What `conformance.json` holds: the verdict of one run, in a shape vendors and CI can read. */
export interface ConformanceReport {
  /** The run's verdict in words (verdictText); a conformance.json from an older Accord has none. */
  verdict?: string;
  /** The Accord that judged (package.json version); older files have none. */
  accordVersion?: string;
  generatedAt: string;
  summary: ConformanceSummary;
  targets: TargetChecks[];
  errors: ConformanceError[];
}

/** What the summary counts, said in the file itself: `checks` holds every result, the summary does not. */
export const SUMMARY_COUNTS =
  'distinct checks per target·scenario, each by its verdict (the worst of its results); targets[].checks lists every result';

/**
 * Counts distinct check ids per (target, scenario); an id recorded several times counts once, by its
 * verdict: the worst of its results (fail, inconclusive, warn, pass, skip).
 */
export interface ConformanceSummary {
  counts: typeof SUMMARY_COUNTS;
  /** The run's verdict: what the report's first line and the exit code say. */
  outcome: RunOutcome;
  pass: number;
  fail: number;
  warn: number;
  skip: number;
  inconclusive: number;
  mustFailed: number;
  /** How many distinct checks per target·scenario the counts above add up to. */
  checks?: number;
  /** Every row of targets[].checks by its own status: these add up to the rows. */
  results?: ResultCounts;
}

export interface ResultCounts {
  total: number;
  pass: number;
  fail: number;
  warn: number;
  skip: number;
  inconclusive: number;
}

/** Where a target·scenario ran: filled from the run's manifest when there is one. */
export interface TargetRun {
  /** The target's base URL in this run (`{base_url}`). */
  url?: string;
  /** The target profile, as given to `accord run`. */
  profile?: string;
}

export interface TargetChecks extends TargetRun {
  target: string;
  scenario: string;
  /** One verdict per check of this target·scenario: the worst status of its results. */
  verdicts?: Record<string, CheckStatus>;
  /** Every result recorded, several per check when several tests judged it. */
  checks: CheckResult[];
  /** Each distinct note of the results (CheckResult.note), with the checks it was said of. */
  notes?: ProjectNote[];
}

/** Something a vendor must know to read the verdicts: checks not tried the way the profile declares. */
export interface ProjectNote {
  note: string;
  checks: string[];
}

/** The distinct notes of a group's results, each with the ids of the checks that carry it. */
export function notesOf(group: Pick<TargetChecks, 'checks'>): ProjectNote[] {
  const byNote = new Map<string, Set<string>>();
  for (const c of group.checks) {
    if (!c.note) continue;
    const ids = byNote.get(c.note) ?? new Set<string>();
    ids.add(c.id);
    byNote.set(c.note, ids);
  }
  return [...byNote.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([note, ids]) => ({ note, checks: [...ids].sort(cmp) }));
}

/** Something that went wrong without a failing check to explain it; any error fails the run. */
export interface ConformanceError {
  kind: 'test' | 'annotation' | 'global' | 'run';
  /** Playwright project, `<target>·<scenario>`. */
  project?: string;
  target?: string;
  scenario?: string;
  test?: string;
  /** The user's file the error concerns (the target profile of its project), else the test's file. */
  file?: string;
  line?: number;
  /** Where in Accord's suites the error arose (`file:line`), when `file` is the user's. */
  source?: string;
  /** Playwright's status of the test's final attempt. */
  status?: string;
  message: string;
}

// A check judged failed in one test and unjudgeable in another failed; one never judged is not a pass.
const SEVERITY: Record<CheckStatus, number> = { fail: 4, inconclusive: 3, warn: 2, pass: 1, skip: 0 };

export const PROJECT_SEPARATOR = '·';

export function splitProject(project: string): { target?: string; scenario?: string } {
  const at = project.indexOf(PROJECT_SEPARATOR);
  if (at < 0) return project ? { target: project } : {};
  return { target: project.slice(0, at), scenario: project.slice(at + PROJECT_SEPARATOR.length) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Worst status wins, so a check id that failed in any test is reported failed. */
export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  let worst: CheckStatus = 'skip';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

export interface CheckVerdict {
  id: string;
  status: CheckStatus;
  /** MUST if any failing entry is MUST, else the first entry's level. */
  level: CheckResult['level'];
  title: string;
  /** The entries that decided the status (all failing entries for a failed check, and so on). */
  decisive: CheckResult[];
}

/** One verdict per distinct check id of a (target, scenario) group, in id order. */
export function verdictsOf(group: TargetChecks): CheckVerdict[] {
  const byId = new Map<string, CheckResult[]>();
  for (const c of group.checks) {
    const list = byId.get(c.id);
    if (list) list.push(c);
    else byId.set(c.id, [c]);
  }
  return [...byId.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([id, list]) => {
      const status = worstStatus(list.map((c) => c.status));
      const decisive = list.filter((c) => c.status === status);
      const level = decisive.some((c) => c.level === 'MUST') ? 'MUST' : decisive[0].level;
      return { id, status, level, title: decisive[0].title, decisive };
    });
}

export function summarize(
  targets: readonly TargetChecks[],
  errors: readonly unknown[] = [],
): ConformanceSummary {
  const n = { pass: 0, fail: 0, warn: 0, skip: 0, inconclusive: 0, mustFailed: 0 };
  const results: ResultCounts = { total: 0, pass: 0, fail: 0, warn: 0, skip: 0, inconclusive: 0 };
  let checks = 0;
  for (const group of targets) {
    for (const v of verdictsOf(group)) {
      checks++;
      n[v.status]++;
      if (v.status === 'fail' && v.level === 'MUST') n.mustFailed++;
    }
    for (const c of group.checks) {
      results.total++;
      results[c.status]++;
    }
  }
  return {
    counts: SUMMARY_COUNTS,
    outcome: outcomeOf({ ...n, results: results.total }, errors.length),
    ...n,
    checks,
    results,
  };
}

/**
 * `failed`: a MUST check failed, or something errored with no check to explain it. `could-not-test`:
 * nothing failed, but some check could not be judged (the setup, not the target, broke).
 */
export type RunOutcome = 'passed' | 'failed' | 'could-not-test';

function outcomeOf(
  n: { mustFailed: number; inconclusive: number; results: number },
  errors: number,
): RunOutcome {
  if (n.mustFailed > 0) return 'failed';
  // An error before any check was judged (the target unreachable, the setup broken) tested nothing.
  if (errors > 0) return n.results === 0 ? 'could-not-test' : 'failed';
  return n.inconclusive > 0 ? 'could-not-test' : 'passed';
}

/** `accord run`'s exit code for each outcome; 2 is a usage error (a bad flag or input file). */
export const EXIT_CODES: Record<RunOutcome, number> = { passed: 0, failed: 1, 'could-not-test': 3 };

/** The outcome of a report, recomputed: a conformance.json from an older Accord has no `outcome`. */
export function runOutcome(
  report: Pick<ConformanceReport, 'summary' | 'errors'> & { targets?: ConformanceReport['targets'] },
): RunOutcome {
  const results =
    report.summary.results?.total ?? report.targets?.reduce((n, g) => n + g.checks.length, 0) ?? 0;
  return outcomeOf(
    { mustFailed: report.summary.mustFailed, inconclusive: report.summary.inconclusive ?? 0, results },
    report.errors.length,
  );
}

/**
 * Groups and orders checks by target, scenario and check id. Entries sharing all three are ordered by
 * their content so the file is identical whatever order parallel workers finished in.
 */
export interface ReportContext {
  generatedAt?: string;
  accordVersion?: string;
  /** Where each `<target>·<scenario>` ran, by project name. */
  runs?: Readonly<Record<string, TargetRun>>;
}

export function buildReport(
  checks: readonly CheckResult[],
  errors: readonly ConformanceError[],
  context: ReportContext | string = {},
): ConformanceReport {
  const ctx = typeof context === 'string' ? { generatedAt: context } : context;
  const generatedAt = ctx.generatedAt ?? new Date().toISOString();
  const groups = new Map<string, TargetChecks>();
  for (const c of checks) {
    const key = JSON.stringify([c.target, c.scenario]);
    let g = groups.get(key);
    if (!g) {
      const run = ctx.runs?.[`${c.target}${PROJECT_SEPARATOR}${c.scenario}`];
      g = { target: c.target, scenario: c.scenario, ...run, checks: [] };
      groups.set(key, g);
    }
    g.checks.push(c);
  }
  const targets = [...groups.values()].sort((a, b) => cmp(a.target, b.target) || cmp(a.scenario, b.scenario));
  for (const g of targets) {
    g.checks.sort(
      (a, b) =>
        cmp(a.id, b.id) ||
        SEVERITY[b.status] - SEVERITY[a.status] ||
        cmp(JSON.stringify(a), JSON.stringify(b)),
    );
  }
  const sortedErrors = [...errors].sort(
    (a, b) =>
      cmp(a.project ?? '', b.project ?? '') ||
      cmp(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      cmp(a.test ?? '', b.test ?? '') ||
      cmp(a.message, b.message),
  );
  for (const g of targets) {
    g.verdicts = Object.fromEntries(verdictsOf(g).map((v) => [v.id, v.status]));
    const notes = notesOf(g);
    if (notes.length > 0) g.notes = notes;
  }
  const summary = summarize(targets, sortedErrors);
  const report = { generatedAt, summary, targets, errors: sortedErrors };
  return {
    verdict: verdictText(report),
    ...(ctx.accordVersion ? { accordVersion: ctx.accordVersion } : {}),
    ...report,
  };
}

/** The run fails iff a MUST check failed or something errored without a check to show for it. */
export function runFailed(report: Pick<ConformanceReport, 'summary' | 'errors'>): boolean {
  return runOutcome(report) === 'failed';
}

const STATUSES: readonly string[] = Object.keys(SEVERITY);
const LEVELS: readonly string[] = ['MUST', 'SHOULD'];
/** Every role of every protocol: the report reads checks of any protocol alike. */
const ROLES: readonly string[] = Object.values(PROTOCOL_ROLES).flat();

/** Why a parsed annotation is not a CheckResult, or undefined when it is one. */
export function checkResultProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  for (const key of ['id', 'title', 'spec', 'flow', 'detail', 'target', 'scenario']) {
    if (typeof v[key] !== 'string') return `field "${key}" is not a string`;
  }
  if (!(v.id as string)) return 'field "id" is empty';
  if (!STATUSES.includes(v.status as string)) return `field "status" is not one of ${STATUSES.join('/')}`;
  if (!LEVELS.includes(v.level as string)) return `field "level" is not one of ${LEVELS.join('/')}`;
  if (!ROLES.includes(v.role as string)) return `field "role" is not one of ${ROLES.join('/')}`;
  if (v.note !== undefined && typeof v.note !== 'string') return 'field "note" is not a string';
  return undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The run's verdict in words: the first line of conformance.json, the table, the Allure report and junit.xml. */
export function verdictText(report: ConformanceReport): string {
  const s = report.summary;
  const outcome = runOutcome(report);
  const inconclusive = s.inconclusive ?? 0;
  if (outcome === 'failed') {
    const why: string[] = [];
    if (s.mustFailed) why.push(`${plural(s.mustFailed, 'MUST check')} failed`);
    if (report.errors.length) why.push(plural(report.errors.length, 'error'));
    if (inconclusive) why.push(`${plural(inconclusive, 'check')} could not be tested`);
    return `FAILED (${why.join(', ')})`;
  }
  if (outcome === 'could-not-test' && inconclusive === 0) {
    const first = report.errors[0]?.message ?? 'no check was judged';
    return `COULD NOT TEST (nothing was judged: ${plural(report.errors.length, 'error')}, the first: ${first})`;
  }
  if (outcome === 'could-not-test') {
    const projects = report.targets.filter((g) => verdictsOf(g).some((v) => v.status === 'inconclusive'));
    const names = projects.map((g) => `${g.target} · ${g.scenario}`);
    return `COULD NOT TEST (${plural(inconclusive, 'check')} inconclusive in ${names.join(', ')}: the setup broke, not the target; nothing failed)`;
  }
  return s.warn ? `PASSED (${plural(s.warn, 'warning')}: SHOULD failures or known findings)` : 'PASSED';
}
