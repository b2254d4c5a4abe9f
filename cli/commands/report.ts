import { parseArgs } from 'node:util';
import { buildAllureReport } from '../../reports/build-allure-report.ts';

export async function reportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: 'reports/out' } } });
  const index = await buildAllureReport(values.out);
  process.stdout.write(`Allure report: ${index}\n`);
  return 0;
}
