import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { accordVersion } from './accord-version.ts';
import {
  buildReport,
  type ConformanceReport,
  PROJECT_SEPARATOR,
  type TargetRun,
} from './conformance-model.ts';
import { CONFORMANCE_FILE } from './conformance-reporter.ts';
import { JUNIT_FILE, junitPerCheck } from './junit-per-check.ts';

/**
 * Merges the output folders of several shards (`accord run --shard i/n --out shard-i`) into one:
 * Allure results are copied side by side (their file names are unique per test result) and the
 * conformance verdicts are rebuilt from every shard's checks and errors.
 */
export function mergeShards(shardDirs: string[], outDir: string): ConformanceReport {
  const out = resolve(outDir);
  const results = join(out, 'allure-results');
  mkdirSync(results, { recursive: true });
  const checks: ConformanceReport['targets'][number]['checks'] = [];
  const errors: ConformanceReport['errors'] = [];
  const runs: Record<string, TargetRun> = {};
  for (const dir of shardDirs.map((d) => resolve(d))) {
    const file = join(dir, CONFORMANCE_FILE);
    if (!existsSync(file))
      throw new Error(`${dir}: no ${CONFORMANCE_FILE} (is it the --out folder of a shard?)`);
    const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
    for (const t of report.targets) {
      checks.push(...t.checks);
      runs[`${t.target}${PROJECT_SEPARATOR}${t.scenario}`] = { url: t.url, profile: t.profile };
    }
    errors.push(...report.errors);
    const shardResults = join(dir, 'allure-results');
    if (!existsSync(shardResults)) continue;
    for (const f of readdirSync(shardResults)) {
      // environment.properties and categories.json are the same in every shard; keep one copy.
      if (
        existsSync(join(results, f)) &&
        !f.includes('-result') &&
        !f.includes('-container') &&
        !f.includes('-attachment')
      )
        continue;
      copyFileSync(join(shardResults, f), join(results, f));
    }
  }
  const merged = buildReport(checks, errors, { accordVersion: accordVersion(), runs });
  writeFileSync(join(out, CONFORMANCE_FILE), `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(join(out, JUNIT_FILE), junitPerCheck(merged));
  return merged;
}
