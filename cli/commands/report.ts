import { parseArgs } from 'node:util';
import { buildAllureReport } from '../../reports/build-allure-report.ts';
import { mergeShards } from '../../reports/merge-shards.ts';
import { printSummary } from '../../reports/print-summary.ts';

/** Builds the Allure HTML of a run; with --merge, first joins the output folders of several shards. */
export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string', default: 'reports/out' },
      merge: { type: 'string', multiple: true },
    },
  });
  let verdict = 0;
  if (values.merge?.length) {
    mergeShards(values.merge, values.out);
    verdict = printSummary(values.out);
  }
  const index = await buildAllureReport(values.out);
  process.stdout.write(`Allure report: ${index}\n`);
  return verdict;
}
