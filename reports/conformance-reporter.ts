import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { CHECK_ANNOTATION, type CheckResult } from '../lib/checks/types.ts';
import type { RunManifest } from '../lib/run/manifest.ts';
import { MANIFEST_ENV, PROJECT_ANNOTATION } from '../lib/run/plan.ts';
import { accordVersion } from './accord-version.ts';
import { appendAllureEnvironment } from './allure-environment.ts';
import {
  buildReport,
  type ConformanceError,
  type ConformanceReport,
  checkResultProblem,
  runOutcome,
  splitProject,
  type TargetRun,
} from './conformance-model.ts';
import { JUNIT_FILE, junitPerCheck } from './junit-per-check.ts';
import { formatSummaryTable, useColor } from './summary-table.ts';

export interface ConformanceReporterOptions {
  /** Where conformance.json goes; defaults to ACCORD_OUT, then reports/out. */
  outputDir?: string;
  /** Print the console table at the end (default true). */
  printTable?: boolean;
  /** Receives the printed table; defaults to stdout. */
  write?: (text: string) => void;
}

export const CONFORMANCE_FILE = 'conformance.json';

export function defaultOutDir(): string {
  return process.env.ACCORD_OUT ?? 'reports/out';
}

interface FinalAttempt {
  test: TestCase;
  result: TestResult;
}

/** The `<target>·<scenario>` project a test ran for: its annotation, else its Playwright project. */
function projectOf(test: TestCase): string {
  const named = test.annotations.find((a) => a.type === PROJECT_ANNOTATION)?.description;
  if (named) return named;
  let suite: Suite | undefined = test.parent;
  while (suite) {
    const project = suite.project?.();
    if (project) return project.name;
    suite = suite.parent;
  }
  return '';
}

const CHECK_FIELDS = [
  'id',
  'title',
  'level',
  'spec',
  'role',
  'flow',
  'status',
  'detail',
  'target',
  'scenario',
  'test',
  'binding',
] as const;

/** Same key order in every entry, whatever order a suite built the object in; extra evidence fields follow. */
function canonical(c: CheckResult): CheckResult {
  const out: Record<string, unknown> = {};
  for (const k of CHECK_FIELDS) out[k] = c[k];
  for (const [k, v] of Object.entries(c)) if (!(k in out)) out[k] = v;
  return out as unknown as CheckResult;
}

/** Describe blocks and title, without the root, Playwright project, file and project group parts. */
function titleOf(test: TestCase): string {
  const path = test.titlePath?.() ?? [];
  if (path.length <= 3) return test.title;
  const rest = path.slice(3);
  const named = test.annotations.find((a) => a.type === PROJECT_ANNOTATION)?.description;
  return (named && rest.length > 1 && rest[0] === named ? rest.slice(1) : rest).join(' › ');
}

function firstLine(error: TestError | undefined): string {
  const text = error?.message ?? error?.value ?? '';
  // Playwright colours error messages; the report is read in files and CI logs.
  const plain = stripVTControlCharacters(text);
  return plain.split('\n').find((l) => l.trim()) ?? '';
}

/**
 * Turns the `accord.check` annotations of every test into conformance.json and the console verdict.
 * The run's status becomes this verdict: passed only when nothing failed, errored or went untested.
 */
export default class ConformanceReporter implements Reporter {
  private readonly outDir: string;
  private readonly options: ConformanceReporterOptions;
  // Keyed by test id: a retry replaces the earlier attempt, so only the final result counts.
  private readonly finals = new Map<string, FinalAttempt>();
  private readonly globalErrors: ConformanceError[] = [];
  // Paths relative to where `accord run` was started, so they can be opened from that shell.
  private readonly rootDir = process.cwd();

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = options;
    this.outDir = resolve(options.outputDir ?? defaultOutDir());
  }

  printsToStdio(): boolean {
    return this.options.printTable !== false && !this.options.write;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.finals.set(test.id, { test, result });
  }

  onError(error: TestError): void {
    this.globalErrors.push({
      kind: 'global',
      file: error.location ? this.rel(error.location.file) : undefined,
      line: error.location?.line,
      message: firstLine(error) || 'Playwright reported an error outside any test',
    });
  }

  private rel(file: string): string {
    const r = relative(this.rootDir, file);
    return r.startsWith('..') ? file : r;
  }

  /** The run's manifest (written by the harness): where each project's target ran and its profile. */
  private manifest(): RunManifest | undefined {
    const file = process.env[MANIFEST_ENV] ?? join(this.outDir, 'manifest.json');
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    } catch {
      return undefined;
    }
  }

  private runs(manifest: RunManifest | undefined): Record<string, TargetRun> {
    const runs: Record<string, TargetRun> = {};
    for (const [name, p] of Object.entries(manifest?.projects ?? {}))
      runs[name] = { url: p.targetBaseUrl, profile: this.rel(p.targetFile) };
    return runs;
  }

  /** The checks and errors collected so far, as conformance.json would hold them. */
  collect(runStatus?: FullResult['status']): ConformanceReport {
    const checks: CheckResult[] = [];
    const errors: ConformanceError[] = [...this.globalErrors];
    const manifest = this.manifest();
    const runs = this.runs(manifest);
    for (const { test, result } of this.finals.values()) {
      const project = projectOf(test);
      const source = this.rel(test.location.file);
      // The user acts on their own file (the target profile), not on the suite that declared the test.
      const profile = runs[project]?.profile;
      const where = {
        project: project || undefined,
        ...splitProject(project),
        test: titleOf(test),
        ...(profile
          ? { file: profile, source: `${source}:${test.location.line}` }
          : { file: source, line: test.location.line }),
        status: result.status,
      };
      const annotations = result.annotations ?? test.annotations ?? [];
      const own: CheckResult[] = [];
      for (const a of annotations) {
        if (a.type !== CHECK_ANNOTATION) continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(a.description ?? '');
        } catch {
          errors.push({
            ...where,
            kind: 'annotation',
            message: `${CHECK_ANNOTATION} annotation is not JSON`,
          });
          continue;
        }
        const problem = checkResultProblem(parsed);
        if (problem) {
          errors.push({
            ...where,
            kind: 'annotation',
            message: `${CHECK_ANNOTATION} annotation: ${problem}`,
          });
          continue;
        }
        // Rows of one check from several tests differ by the test that judged them.
        own.push(canonical({ ...(parsed as CheckResult), test: where.test }));
      }
      checks.push(...own);

      const unexpected =
        result.status !== 'passed' && result.status !== 'skipped' && result.status !== test.expectedStatus;
      // A failing or inconclusive check explains a failed test; anything else (a crash, a timeout, an
      // assertion outside any check) means checks may never have run, and must not pass silently.
      if (unexpected && !own.some((c) => c.status === 'fail' || c.status === 'inconclusive')) {
        const reason = firstLine(result.error ?? result.errors?.[0]);
        errors.push({
          ...where,
          kind: 'test',
          message: own.length
            ? `${result.status} with no failing check to explain it${reason ? `: ${reason}` : ''}`
            : `${result.status} without recording any check${reason ? `: ${reason}` : ''}`,
        });
      }
    }
    if (runStatus === 'interrupted' || runStatus === 'timedout') {
      errors.push({
        kind: 'run',
        message:
          runStatus === 'timedout'
            ? 'the run hit the global timeout; checks that did not run are missing'
            : 'the run was interrupted; checks that did not run are missing',
      });
    }
    return buildReport(checks, errors, { accordVersion: accordVersion(), runs });
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] }> {
    const report = this.collect(result.status);
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, CONFORMANCE_FILE), `${JSON.stringify(report, null, 2)}\n`);
    if (this.options.printTable !== false) {
      const write = this.options.write ?? ((t: string) => process.stdout.write(t));
      write(`\n${formatSummaryTable(report, { color: !this.options.write && useColor() })}`);
    }
    // One test case per check, the verdict as the file's first line.
    writeFileSync(join(this.outDir, JUNIT_FILE), junitPerCheck(report));
    // The Allure reporter ran before this one: the overview gets the checks, targets and version.
    appendAllureEnvironment(join(this.outDir, 'allure-results'), report);
    return { status: runOutcome(report) === 'passed' ? 'passed' : 'failed' };
  }
}
