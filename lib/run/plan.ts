import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CheckId } from '../checks/catalog.ts';
import type { Role } from '../protocol/roles.ts';

/** What `accord run` asks for; serialised to the environment so Playwright's config and workers see the same plan. */
export interface RunPlan {
  targets: string[];
  scenarios: string[];
  flows: string[];
  outDir: string;
  /** Fixed ports for simulators that an external target was configured to trust, by scenario id or 'sp'. */
  ports?: Record<string, number>;
  /**
   * Checks to run, by target name (`*`: every target); a target with none listed runs every
   * check. Only the tests that record a selected check are declared, and only selected checks
   * are reported.
   */
  checks?: Record<string, CheckId[]>;
  /**
   * `--expect-failures`: the targets are expected to fail checks (a defect matrix, a product with
   * known gaps). A failed check is recorded in every Accord report as always, but its Playwright
   * test counts as an expected failure, so Playwright keeps the worker and its browser instead of
   * starting new ones after it (a Node process and a browser, a second or more, per failed test).
   */
  expectFailures?: boolean;
}

export interface ProjectPlan {
  /** `<target>·<scenario>`, also the Playwright project name. */
  name: string;
  target: string;
  targetFile: string;
  role: Role;
  /** Scenario id the counterpart plays, or '-' when the counterpart is the reference SP for an external IdP. */
  scenario: string;
  scenarioFile?: string;
  /** The checks selected for this target; every check when absent. */
  checks?: CheckId[];
  /** The scenario holds several IdPs with routing rules: only the routing suite runs for it. */
  routing?: true;
}

/** The flows `--flow` selects; each is a tag (`@name`) on the tests that make it up. */
export { FLOWS } from '../checks/flows.ts';

export const PLAN_ENV = 'ACCORD_PLAN';
/** The test annotation that names the `<target>·<scenario>` project a test ran for. */
export const PROJECT_ANNOTATION = 'accord-project';
export const MANIFEST_ENV = 'ACCORD_MANIFEST';
export const OUT_ENV = 'ACCORD_OUT';
/** One Playwright run, set by its global setup: what the workers of the same run share. */
export const RUN_ID_ENV = 'ACCORD_RUN_ID';

/**
 * The built-in targets `accord run` certifies with no --target. The reference RP is not among them:
 * the reference SP signing in with OIDC runs its code and every RP check, and is the clean RP of
 * the defect matrix (issue 16); targets/reference-rp.yaml stays for `accord sim rp`.
 */
export const DEFAULT_TARGETS = [
  'targets/reference-sp.yaml',
  'targets/builtin-idp.yaml',
  'targets/reference-sp-oidc.yaml',
  'targets/builtin-op.yaml',
];

export function defaultScenarios(root = process.cwd()): string[] {
  const dir = join(root, 'scenarios');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join('scenarios', f));
}

export function defaultPlan(): RunPlan {
  return {
    targets: DEFAULT_TARGETS,
    scenarios: defaultScenarios(),
    flows: [],
    outDir: process.env[OUT_ENV] ?? 'reports/out',
  };
}

/**
 * The plan `accord run` hands Playwright: the path of a JSON file (one environment string may not
 * pass 128 KiB, and a run of many targets and checks can), or the JSON itself.
 */
export function planFromEnv(): RunPlan {
  const raw = process.env[PLAN_ENV];
  if (!raw) return defaultPlan();
  const json = raw.trimStart().startsWith('{') ? raw : readPlanFile(raw);
  try {
    return JSON.parse(json) as RunPlan;
  } catch (e) {
    throw new Error(
      `${PLAN_ENV} (${raw.length > 200 ? 'inline JSON' : raw}) is not valid JSON: ${(e as Error).message}`,
    );
  }
}

function readPlanFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${PLAN_ENV} names a plan file that cannot be read: ${(e as Error).message}`);
  }
}

export function scenarioIdOf(file: string): string {
  return basename(file).replace(/\.ya?ml$/, '');
}

export function absolute(file: string): string {
  return resolve(file);
}
