import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { RunPlan } from '../../lib/run/plan.ts';
import { CONFORMANCE_FILE } from '../../reports/conformance-reporter.ts';
import type { TarEntry } from './tar.ts';

/** Where a run keeps what a package holds, and the names the package gives them. */
export const PACKAGED = {
  conformance: CONFORMANCE_FILE,
  junit: 'junit.xml',
  report: 'report',
  messages: 'messages',
  targets: 'inputs/targets',
  scenarios: 'inputs/scenarios',
} as const;

/** The plan `accord run` leaves in its output folder, so a package made later names the same inputs. */
export const PLAN_FILE = 'plan.json';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

const posix = (p: string) => p.split(sep).join('/');

/**
 * The files of a finished run: conformance.json, junit.xml, the HTML report, every attachment
 * (decoded messages, sequence diagrams) and the target profiles and scenarios it ran with.
 * Throws naming what is missing: a package without its verdict or report vouches for nothing.
 */
export function gatherRunFiles(outDir: string, plan?: RunPlan): TarEntry[] {
  const entries: TarEntry[] = [];
  for (const name of [PACKAGED.conformance, PACKAGED.junit]) {
    const file = join(outDir, name);
    if (!existsSync(file)) throw new Error(`${file} does not exist: run \`accord run\` first`);
    entries.push({ path: name, data: readFileSync(file) });
  }
  const report = filesUnder(join(outDir, 'allure-report'));
  if (report.length === 0)
    throw new Error(`${join(outDir, 'allure-report')} holds no HTML report: run \`accord report\` first`);
  for (const f of report)
    entries.push({
      path: `${PACKAGED.report}/${posix(relative(join(outDir, 'allure-report'), f))}`,
      data: readFileSync(f),
    });
  // Allure keeps each attachment (a decoded message, a diagram) as a file beside the results that name it.
  for (const f of filesUnder(join(outDir, 'allure-results')).filter((f) => /-attachment\.[\w.]+$/.test(f)))
    entries.push({ path: `${PACKAGED.messages}/${basename(f)}`, data: readFileSync(f) });
  const index = attachmentIndex(join(outDir, 'allure-results'));
  if (index.length)
    entries.push({
      path: `${PACKAGED.messages}/index.json`,
      data: Buffer.from(`${JSON.stringify(index, null, 2)}\n`),
    });
  const inputs = plan ?? readPlan(outDir);
  if (inputs) {
    const named = new Set<string>();
    const add = (dir: string, file: string) => {
      let path = `${dir}/${basename(file)}`;
      for (let i = 2; named.has(path); i++) path = `${dir}/${i}-${basename(file)}`;
      named.add(path);
      entries.push({ path, data: readFileSync(file) });
    };
    for (const f of inputs.targets) add(PACKAGED.targets, f);
    for (const f of inputs.scenarios) add(PACKAGED.scenarios, f);
  }
  return entries;
}

function readPlan(outDir: string): RunPlan | undefined {
  const file = join(outDir, PLAN_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as RunPlan;
}

interface AllureNode {
  name?: string;
  fullName?: string;
  steps?: AllureNode[];
  attachments?: { name?: string; source?: string; type?: string }[];
}

/** Which test and step each attachment belongs to: the files are named by UUID only. */
function attachmentIndex(resultsDir: string): { file: string; test: string; step: string[]; name: string }[] {
  const out: { file: string; test: string; step: string[]; name: string }[] = [];
  for (const f of filesUnder(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    let result: AllureNode;
    try {
      result = JSON.parse(readFileSync(f, 'utf8')) as AllureNode;
    } catch {
      continue;
    }
    const test = result.fullName ?? result.name ?? basename(f);
    const walk = (node: AllureNode, path: string[]) => {
      for (const a of node.attachments ?? [])
        if (a.source) out.push({ file: a.source, test, step: path, name: a.name ?? a.source });
      for (const s of node.steps ?? []) walk(s, [...path, s.name ?? '']);
    };
    walk(result, []);
  }
  return out.sort((a, b) => (a.test < b.test ? -1 : a.test > b.test ? 1 : 0));
}
