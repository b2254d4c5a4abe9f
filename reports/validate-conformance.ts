import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ConformanceReport } from './conformance-model.ts';
import { runOutcome, summarize } from './conformance-model.ts';

/** The JSON Schema of conformance.json, shipped with Accord for anyone who reads the file. */
export const CONFORMANCE_SCHEMA_PATH = fileURLToPath(new URL('./conformance.schema.json', import.meta.url));

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  validate ??= new Ajv({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(CONFORMANCE_SCHEMA_PATH, 'utf8')),
  );
  return validate;
}

const VERDICT_WORD = { passed: 'PASSED', failed: 'FAILED', 'could-not-test': 'COULD NOT TEST' } as const;

/**
 * Why a parsed conformance.json cannot be trusted, or [] when it can: the schema, then what a schema
 * cannot say (the summary adds up to the rows, the verdict says the outcome the counts give).
 */
export function conformanceProblems(value: unknown): string[] {
  const check = validator();
  if (!check(value))
    return (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
  const report = value as ConformanceReport;
  const problems: string[] = [];
  const recount = summarize(report.targets, report.errors);
  for (const key of ['pass', 'fail', 'warn', 'skip', 'inconclusive', 'mustFailed', 'checks'] as const) {
    if (report.summary[key] !== recount[key])
      problems.push(`/summary/${key}: ${report.summary[key]}, but the rows give ${recount[key]}`);
  }
  for (const [key, n] of Object.entries(recount.results ?? {})) {
    const said = (report.summary.results as unknown as Record<string, number>)[key];
    if (said !== n) problems.push(`/summary/results/${key}: ${said}, but the rows give ${n}`);
  }
  const outcome = runOutcome(report);
  if (report.summary.outcome !== outcome)
    problems.push(`/summary/outcome: ${report.summary.outcome}, but the counts give ${outcome}`);
  if (!report.verdict?.startsWith(VERDICT_WORD[outcome]))
    problems.push(`/verdict: "${report.verdict}" does not say ${VERDICT_WORD[outcome]}`);
  report.targets.forEach((g, i) => {
    g.checks.forEach((c, j) => {
      if (c.target !== g.target || c.scenario !== g.scenario)
        problems.push(
          `/targets/${i}/checks/${j}: a row of ${c.target}·${c.scenario} under ${g.target}·${g.scenario}`,
        );
    });
  });
  return problems;
}
