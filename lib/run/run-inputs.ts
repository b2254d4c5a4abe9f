import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTargetProfile, type TargetProfile } from '../target/index.ts';
import type { ProjectPlan, RunPlan } from './plan.ts';
import { expandProjects } from './projects.ts';

const INPUTS_ENV = 'ACCORD_RUN_INPUTS';

interface RunInputs {
  /** The plan and the state of its files, serialised: a value left by another run is ignored. */
  key: string;
  projects: ProjectPlan[];
  /** Every target profile of the run by absolute path, loaded and validated, with the state of its file when read. */
  profiles: Record<string, { stamp: string; profile: TargetProfile }>;
}

/** Size and modification time: a file edited since it was read is read again. */
function stampOf(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function keyOf(plan: RunPlan): string {
  return JSON.stringify({ plan, files: [...plan.targets, ...plan.scenarios].map(stampOf) });
}

/**
 * The run's projects and profiles, read and schema-checked once per run. Playwright loads its
 * config and the suites again in every worker process, and both expand the plan; doing that work
 * again cost more than half a second of CPU per worker start. Child processes inherit the
 * environment, so the first process of a run leaves the answer there.
 */
function runInputs(plan: RunPlan): RunInputs {
  const key = keyOf(plan);
  const cached = readInputs();
  if (cached?.key === key) return cached;
  const projects = expandProjects(plan);
  const profiles: RunInputs['profiles'] = {};
  for (const file of new Set(projects.map((p) => p.targetFile))) {
    profiles[resolve(file)] = { stamp: stampOf(file), profile: loadTargetProfile(file) };
  }
  const inputs = { key, projects, profiles };
  process.env[INPUTS_ENV] = writeInputs(inputs);
  return inputs;
}

/**
 * The inputs go to a file and its path into the environment: one environment string may not pass
 * 128 KiB on Linux, and the profiles of a run of a hundred targets do (spawn fails with E2BIG). The
 * file lives as long as the process that wrote it, the first of the run.
 */
function writeInputs(inputs: RunInputs): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-run-'));
  const file = join(dir, 'inputs.json');
  writeFileSync(file, JSON.stringify(inputs));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return file;
}

/** The last file parsed, by its path: every suite file and fixture reads it again. */
let parsed: { raw: string; inputs: RunInputs | undefined } | undefined;

function readInputs(): RunInputs | undefined {
  const raw = process.env[INPUTS_ENV];
  if (!raw) return undefined;
  if (parsed?.raw !== raw) {
    let inputs: RunInputs | undefined;
    try {
      inputs = JSON.parse(readFileSync(raw, 'utf8')) as RunInputs;
    } catch {
      inputs = undefined;
    }
    parsed = { raw, inputs };
  }
  return parsed.inputs;
}

export function expandProjectsOnce(plan: RunPlan): ProjectPlan[] {
  return runInputs(plan).projects;
}

/** A profile as the run's first process loaded it; read afresh if it is not one, or changed since. */
export function runTargetProfile(file: string): TargetProfile {
  const cached = readInputs()?.profiles?.[resolve(file)];
  return cached && cached.stamp === stampOf(file) ? cached.profile : loadTargetProfile(file);
}
