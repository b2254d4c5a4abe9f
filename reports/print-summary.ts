import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from './conformance-model.ts';
import { EXIT_CODES, runOutcome } from './conformance-model.ts';
import { CONFORMANCE_FILE, defaultOutDir } from './conformance-reporter.ts';
import { formatSummaryTable, terminalSafe, useColor } from './summary-table.ts';

export interface PrintSummaryOptions {
  /** Receives the table; defaults to stdout. */
  write?: (text: string) => void;
  color?: boolean;
}

export function readConformanceReport(outDir: string = defaultOutDir()): ConformanceReport {
  const file = join(resolve(outDir), CONFORMANCE_FILE);
  if (!existsSync(file))
    throw new Error(`no ${CONFORMANCE_FILE} in ${resolve(outDir)}: the run did not finish`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
  if (!report?.summary || !Array.isArray(report.targets) || !Array.isArray(report.errors)) {
    throw new Error(`${file} is not a conformance report`);
  }
  return report;
}

/**
 * Prints the verdict of the last run and returns the exit code (EXIT_CODES): 1 when a MUST check
 * failed or something errored after checks were judged, 3 when nothing failed but some check could
 * not be tested, or nothing was judged at all (a missing or unreadable report is that), else 0.
 */
export function printSummary(outDir: string = defaultOutDir(), opts: PrintSummaryOptions = {}): number {
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  let report: ConformanceReport;
  try {
    report = readConformanceReport(outDir);
  } catch (err) {
    write(`Accord conformance: COULD NOT TEST: ${terminalSafe((err as Error).message)}\n`);
    return EXIT_CODES['could-not-test'];
  }
  write(formatSummaryTable(report, { color: opts.color ?? (!opts.write && useColor()) }));
  return EXIT_CODES[runOutcome(report)];
}
