import { loadTargetProfile, type TargetProfile } from '../target/index.ts';
import type { ProjectPlan, RunPlan } from './plan.ts';
import { expandProjects } from './projects.ts';

const INPUTS_ENV = 'ACCORD_RUN_INPUTS';

interface RunInputs {
  /** The plan these inputs answer, serialised: a value left by another run is ignored. */
  plan: string;
  projects: ProjectPlan[];
  /** Every target profile of the run, loaded and validated, by file. */
  profiles: Record<string, TargetProfile>;
}

/**
 * The run's projects and profiles, read and schema-checked once per run. Playwright loads its
 * config again in every worker process, and each worker needs the profile of its project: doing
 * that work again cost more than half a second of CPU per worker start, and a run starts a worker
 * per project and worker. Child processes inherit the environment, so the first process of a run
 * leaves the answer there.
 */
function runInputs(plan: RunPlan): RunInputs {
  const key = JSON.stringify(plan);
  const cached = readInputs();
  if (cached?.plan === key) return cached;
  const projects = expandProjects(plan);
  const profiles: Record<string, TargetProfile> = {};
  for (const file of new Set(projects.map((p) => p.targetFile))) profiles[file] = loadTargetProfile(file);
  const inputs = { plan: key, projects, profiles };
  process.env[INPUTS_ENV] = JSON.stringify(inputs);
  return inputs;
}

function readInputs(): RunInputs | undefined {
  const raw = process.env[INPUTS_ENV];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as RunInputs;
  } catch {
    return undefined;
  }
}

export function expandProjectsOnce(plan: RunPlan): ProjectPlan[] {
  return runInputs(plan).projects;
}

/** A profile of the current run as the run's first process loaded it; read afresh if it is not one. */
export function runTargetProfile(file: string): TargetProfile {
  return readInputs()?.profiles[file] ?? loadTargetProfile(file);
}
