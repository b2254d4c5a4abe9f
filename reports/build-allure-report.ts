import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from './conformance-model.ts';
import { verdictText } from './conformance-model.ts';
import { CONFORMANCE_FILE, defaultOutDir } from './conformance-reporter.ts';
import { makeAllureReportOffline } from './offline-allure-html.ts';

/** Single-file awesome report: one index.html that opens over file://, no server needed. */
export const ALLURE_CONFIG_PATH = fileURLToPath(new URL('./allurerc.json', import.meta.url));

export interface BuildAllureOptions {
  /** Report title; otherwise the run's verdict (conformance.json), so the report's first line says it. */
  name?: string;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
}

/** The CLI entry of the installed `allure` package; its exports hide package.json, so find the root by walking up. */
function allureCli(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('allure'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        bin?: string | Record<string, string>;
      };
      if (pkg.name === 'allure') {
        const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.allure;
        if (!bin) throw new Error(`the allure package at ${dir} declares no CLI`);
        return join(dir, bin);
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the allure package (npm install allure)');
    dir = parent;
  }
}

function hasResults(dir: string): boolean {
  return readdirSync(dir).some((f) => f.endsWith('-result.json'));
}

/** Builds `<out>/allure-report/index.html` from `<out>/allure-results` and returns its path. */
export async function buildAllureReport(
  outDir: string = defaultOutDir(),
  opts: BuildAllureOptions = {},
): Promise<string> {
  const out = resolve(outDir);
  const results = join(out, 'allure-results');
  const report = join(out, 'allure-report');
  if (!existsSync(results)) {
    throw new Error(`no Allure results: ${results} does not exist (run the suites first)`);
  }
  if (!hasResults(results)) {
    throw new Error(`no Allure results: ${results} holds no *-result.json (did any test run?)`);
  }
  // A report left from an earlier run would mix its files with this one.
  rmSync(report, { recursive: true, force: true });

  const args = [allureCli(), 'generate', results, '-o', report, '-c', ALLURE_CONFIG_PATH, '--cwd', out];
  const name = opts.name ?? verdictName(out);
  if (name) args.push('--name', name);
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;

  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: out,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(new Error(`could not start the allure CLI: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) done();
      else
        fail(
          new Error(
            `allure generate ${signal ? `was killed (${signal}, timeout ${timeoutMs} ms)` : `exited with ${code}`}\n${output.trim()}`,
          ),
        );
    });
  });

  const index = join(report, 'index.html');
  if (!existsSync(index)) throw new Error(`allure generate finished but wrote no ${index}`);
  // A certification report makes no network request and opens from disk every time.
  makeAllureReportOffline(index);
  return index;
}

/** "Accord conformance: FAILED (…)" from the run's conformance.json, if it has one. */
function verdictName(out: string): string | undefined {
  const file = join(out, CONFORMANCE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return `Accord conformance: ${verdictText(JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport)}`;
  } catch {
    return undefined;
  }
}
