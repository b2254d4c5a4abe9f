import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from './conformance-model.ts';

/** Java-properties escaping: the report shows these values as written. */
const prop = (s: string) => s.replace(/\\/g, '\\\\').replace(/\r?\n/g, ' ').replace(/^\s+/, '');

/**
 * What the report's overview shows beside the test counts: the verdict, the checks counted (a
 * test records many), each target's URL, the scenarios and the Accord that judged. Appended to the
 * `environment.properties` the Allure reporter wrote, which the awesome report shows as metadata.
 */
export function appendAllureEnvironment(resultsDir: string, report: ConformanceReport): void {
  if (!existsSync(resultsDir)) return;
  const file = join(resultsDir, 'environment.properties');
  const s = report.summary;
  const lines: Record<string, string> = {
    verdict: report.verdict ?? s.outcome,
    checks: `${s.checks ?? 0} (pass ${s.pass}, fail ${s.fail}, warn ${s.warn}, skip ${s.skip}, inconclusive ${s.inconclusive})`,
    ...(report.accordVersion ? { 'accord.version': report.accordVersion } : {}),
    scenarios: [...new Set(report.targets.map((g) => g.scenario))].join(', '),
  };
  for (const g of report.targets) if (g.url) lines[`target.${g.target}`] = g.url;
  const have = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const text = Object.entries(lines)
    .filter(([k]) => !new RegExp(`^${k.replace(/\./g, '\\.')}=`, 'm').test(have))
    .map(([k, v]) => `${k}=${prop(v)}\n`)
    .join('');
  appendFileSync(file, `${have && !have.endsWith('\n') ? '\n' : ''}${text}`);
}
