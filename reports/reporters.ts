import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReporterDescription } from '@playwright/test';
import type { ConformanceReporterOptions } from './conformance-reporter.ts';
import { PLAYWRIGHT_JUNIT_FILE } from './junit-per-check.ts';

export interface AccordReportersOptions {
  /** Target names of this run, shown in the Allure environment panel. */
  targets?: readonly string[];
  /** Use the terse CI console reporter; defaults to whether CI is set. */
  ci?: boolean;
}

/** Absolute, so a config anywhere (repo root, a temp dir, docker) loads the same reporter. */
export const CONFORMANCE_REPORTER_PATH = fileURLToPath(new URL('./conformance-reporter.ts', import.meta.url));
const ALLURE_REPORTER_PATH = fileURLToPath(new URL('./allure-results-reporter.ts', import.meta.url));

export function allureResultsDir(outDir: string): string {
  return join(resolve(outDir), 'allure-results');
}

/** The `reporter` array of a Playwright config: console, JUnit, Allure results and the conformance verdict. */
export function accordReporters(outDir: string, opts: AccordReportersOptions = {}): ReporterDescription[] {
  const out = resolve(outDir);
  const ci = opts.ci ?? Boolean(process.env.CI);
  const environmentInfo: Record<string, string> = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  if (opts.targets?.length) environmentInfo.targets = [...opts.targets].join(', ');
  // `accord run` prints the table itself after Playwright exits; printing it twice buries the verdict.
  const conformance: ConformanceReporterOptions = { outputDir: out, printTable: !process.env.ACCORD_CLI };
  return [
    ci ? ['dot'] : ['list'],
    // Playwright's own, one case per test, with their durations; junit.xml is one case per check.
    ['junit', { outputFile: join(out, PLAYWRIGHT_JUNIT_FILE), includeProjectInTestName: true }],
    [
      ALLURE_REPORTER_PATH,
      {
        resultsDir: allureResultsDir(out),
        detail: true,
        suiteTitle: true,
        environmentInfo,
      },
    ],
    // Last on purpose: Playwright keeps the status returned by the last reporter's onEnd.
    [CONFORMANCE_REPORTER_PATH, conformance],
  ];
}
