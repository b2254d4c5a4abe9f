import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { CheckResult } from '../../lib/checks/types.ts';
import { runKeystore } from './run-keystore.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface RunOutcome {
  code: number;
  out: string;
  stdout: string;
  report: {
    summary: {
      pass: number;
      fail: number;
      warn: number;
      skip: number;
      inconclusive: number;
      mustFailed: number;
      outcome: string;
    };
    targets: Array<{ target: string; scenario: string; checks: CheckResult[] }>;
    errors: unknown[];
  };
}

/** Runs `accord run` as a user would, in a child process, and reads its conformance.json. */
export function runAccord(args: string[], timeoutMs = 20 * 60_000): RunOutcome {
  const out = mkdtempSync(join(tmpdir(), 'accord-selftest-'));
  const keys = runKeystore();
  const res = spawnSync(process.execPath, [join(ROOT, 'bin/accord.js'), 'run', '--out', out, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ACCORD_QUIET: '1', ACCORD_KEYSTORE: keys.dir },
    maxBuffer: 64 * 1024 * 1024,
  });
  keys.dispose();
  let report: RunOutcome['report'];
  try {
    report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8'));
  } catch {
    throw new Error(
      `accord run wrote no conformance.json (exit ${res.status}):\n${res.stdout}\n${res.stderr}`,
    );
  }
  return { code: res.status ?? -1, out, stdout: `${res.stdout}\n${res.stderr}`, report };
}

/** A copy of a shipped profile with another name and seeded defects switched on. */
export function defectProfile(base: string, name: string, defects: string[]): string {
  const doc = parse(readFileSync(join(ROOT, base), 'utf8'));
  doc.name = name;
  doc.builtin = { ...doc.builtin, defects };
  const dir = mkdtempSync(join(tmpdir(), 'accord-profile-'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

/** Checks failed, or left unjudgeable (inconclusive) by what a defect broke. */
export function failedChecks(report: RunOutcome['report'], target: string): string[] {
  const ids = new Set<string>();
  for (const t of report.targets) {
    if (t.target !== target) continue;
    for (const c of t.checks) if (c.status === 'fail' || c.status === 'inconclusive') ids.add(c.id);
  }
  return [...ids].sort();
}

export function checkStatuses(report: RunOutcome['report'], target: string): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const t of report.targets) {
    if (t.target !== target) continue;
    for (const c of t.checks) {
      if (!m.has(c.id)) m.set(c.id, new Set());
      m.get(c.id)!.add(c.status);
    }
  }
  return m;
}
