import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CheckId, isCheckId, unknownCheck } from '../../lib/checks/catalog.ts';
import {
  DEFAULT_TARGETS,
  defaultScenarios,
  FLOWS,
  OUT_ENV,
  PLAN_ENV,
  type RunPlan,
} from '../../lib/run/plan.ts';
import { expandProjectsOnce } from '../../lib/run/run-inputs.ts';
import { buildAllureReport } from '../../reports/build-allure-report.ts';
import { EXIT_CODES } from '../../reports/conformance-model.ts';
import { CONFORMANCE_FILE } from '../../reports/conformance-reporter.ts';
import { printSummary } from '../../reports/print-summary.ts';
import { PLAN_FILE } from '../package/gather-files.ts';
import { writePackage } from '../package/write-package.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { replaceLastOutput } from '../replace-last-output.ts';
import { checkPortNames, checkRegex, keyName, packagePath, parseShard, parseWorkers } from '../run-flags.ts';

/** `--port NAME=PORT`: a scenario id, or "sp" for the reference SP. */
export function parsePorts(values: string[]): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const v of values) {
    const m = /^([\w.-]+)=(\d{1,5})$/.exec(v);
    if (!m || Number(m[2]) > 65535)
      throw new Error(`--port expects NAME=PORT (a scenario id or "sp"), got "${v}"`);
    ports[m[1]] = Number(m[2]);
  }
  return ports;
}

/** `--check ID` selects a check for every target, `--check TARGET=ID` for one target. */
function parseChecks(values: string[]): Record<string, CheckId[]> {
  const checks: Record<string, CheckId[]> = {};
  for (const v of values) {
    const eq = v.lastIndexOf('=');
    const target = eq > 0 ? v.slice(0, eq) : '*';
    const id = eq > 0 ? v.slice(eq + 1) : v;
    if (!isCheckId(id)) throw new Error(`--check: ${unknownCheck(id)}`);
    checks[target] = [...(checks[target] ?? []), id];
  }
  return checks;
}

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      target: { type: 'string', multiple: true },
      scenario: { type: 'string', multiple: true },
      flow: { type: 'string', multiple: true },
      check: { type: 'string', multiple: true },
      grep: { type: 'string' },
      out: { type: 'string', default: 'reports/out' },
      workers: { type: 'string' },
      port: { type: 'string', multiple: true },
      shard: { type: 'string' },
      'no-report': { type: 'boolean', default: false },
      'expect-failures': { type: 'boolean', default: false },
      package: { type: 'string' },
      'sign-key': { type: 'string' },
    },
  });
  // Every flag is checked before anything on disk changes: a typo must not cost the last run's results.
  for (const f of values.flow ?? []) {
    if (!(FLOWS as readonly string[]).includes(f))
      throw new Error(`--flow "${f}" is not one of ${FLOWS.join(', ')}`);
  }
  const workers = values.workers === undefined ? undefined : parseWorkers(values.workers);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.grep !== undefined) checkRegex('--grep', values.grep);
  const packageFile = values.package === undefined ? undefined : packagePath(values.package);
  const signKey = values['sign-key'] === undefined ? undefined : keyName('--sign-key', values['sign-key']);
  if (signKey && !packageFile)
    throw new Error('--sign-key names the key that signs --package FILE: give --package too');
  if (packageFile && values['no-report'])
    throw new Error('--package holds the HTML report: it cannot be given with --no-report');
  const plan: RunPlan = {
    targets: (values.target ?? DEFAULT_TARGETS.map((t) => join(PACKAGE_ROOT, t))).map((f) => resolve(f)),
    scenarios: (values.scenario ?? defaultScenarios(PACKAGE_ROOT).map((s) => join(PACKAGE_ROOT, s))).map(
      (f) => resolve(f),
    ),
    flows: values.flow ?? [],
    outDir: resolve(values.out),
    ports: parsePorts(values.port ?? []),
    ...(values.check ? { checks: parseChecks(values.check) } : {}),
    ...(values['expect-failures'] ? { expectFailures: true } : {}),
  };
  const projects = expandProjectsOnce(plan);
  if (projects.length === 0) throw new Error('nothing to run: no (target, scenario) pair matches');
  for (const name of Object.keys(plan.checks ?? {})) {
    if (name !== '*' && !projects.some((p) => p.target === name))
      throw new Error(
        `--check ${name}=…: no target of this run is named "${name}" (targets: ${[...new Set(projects.map((p) => p.target))].join(', ')})`,
      );
  }
  checkPortNames(plan.ports ?? {}, projects);
  // Only now, with a run about to write it, is the last run's output replaced.
  const replaced = replaceLastOutput(plan.outDir, [
    'allure-results',
    'allure-report',
    'test-results',
    CONFORMANCE_FILE,
    'junit.xml',
    'manifest.json',
    'preflight',
    'exchange',
  ]);
  // The inputs, kept with the results: `accord package` made later packages the same files.
  writeFileSync(join(plan.outDir, PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  process.stdout.write(`accord: ${projects.length} projects: ${projects.map((p) => p.name).join(', ')}\n`);
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const pwArgs = [cli, 'test', '-c', join(PACKAGE_ROOT, 'playwright.config.ts')];
  // Tests are tagged with their flow and check ids, so Playwright's own filter selects by id too.
  if (values.grep) pwArgs.push(`--grep=${values.grep}`);
  if (shard) pwArgs.push(`--shard=${shard}`);
  // A file, not the JSON: one environment string may not pass 128 KiB (E2BIG), and a plan of many targets can.
  const planDir = mkdtempSync(join(tmpdir(), 'accord-plan-'));
  const planFile = join(planDir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const code = await new Promise<number>((res) => {
    const child = spawn(process.execPath, pwArgs, {
      cwd: PACKAGE_ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        [PLAN_ENV]: planFile,
        [OUT_ENV]: plan.outDir,
        ACCORD_CLI: '1',
        ...(workers ? { ACCORD_WORKERS: String(workers) } : {}),
      },
    });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (c, sig) => res(c ?? (sig ? 130 : 1)));
  }).finally(() => rmSync(planDir, { recursive: true, force: true }));
  await replaced;
  const conformance = join(plan.outDir, CONFORMANCE_FILE);
  if (!existsSync(conformance)) {
    process.stderr.write(`accord: the run produced no ${conformance} (Playwright exited ${code})\n`);
    // No verdict: nothing was tested (3), unless the run was interrupted.
    return code === 130 ? code : EXIT_CODES['could-not-test'];
  }
  process.stdout.write('\n');
  const verdict = printSummary(plan.outDir);
  process.stdout.write(`\nconformance: ${conformance}\njunit:       ${join(plan.outDir, 'junit.xml')}\n`);
  if (!values['no-report']) {
    try {
      process.stdout.write(`report:      ${await buildAllureReport(plan.outDir)}\n`);
    } catch (e) {
      process.stderr.write(`accord: the Allure report could not be built: ${(e as Error).message}\n`);
    }
  }
  if (packageFile) {
    try {
      const written = await writePackage({ outDir: plan.outDir, file: packageFile, signKey, plan });
      process.stdout.write(`package:     ${written.file} (signed by ${written.signer})\n`);
    } catch (e) {
      // The verdict stands; a run that passed but owes its package is still not a success.
      process.stderr.write(`accord: the package could not be written: ${(e as Error).message}\n`);
      return verdict || 2;
    }
  }
  return verdict;
}
