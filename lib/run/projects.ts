import { loadScenario } from '../scenario/index.ts';
import { loadTargetProfile } from '../target/index.ts';
import type { ProjectPlan, RunPlan } from './plan.ts';

/**
 * One project per (target, scenario). An SP target meets the IdP simulator playing each scenario;
 * the built-in IdP target plays each scenario itself; an external IdP target meets the reference SP once.
 */
export function expandProjects(plan: RunPlan): ProjectPlan[] {
  const scenarios = plan.scenarios.map((f) => ({ file: f, scenario: loadScenario(f) }));
  const out: ProjectPlan[] = [];
  for (const targetFile of plan.targets) {
    const profile = loadTargetProfile(targetFile);
    const perScenario = profile.role === 'sp' || profile.builtin?.simulator === 'idp';
    if (perScenario) {
      for (const { file, scenario } of scenarios) {
        if (scenario.protocol !== profile.protocol) continue;
        out.push({
          name: `${profile.name}·${scenario.id}`,
          target: profile.name,
          targetFile,
          role: profile.role,
          scenario: scenario.id,
          scenarioFile: file,
        });
      }
    } else {
      out.push({
        name: `${profile.name}·-`,
        target: profile.name,
        targetFile,
        role: profile.role,
        scenario: '-',
      });
    }
  }
  for (const p of out) {
    const chosen = [...(plan.checks?.['*'] ?? []), ...(plan.checks?.[p.target] ?? [])];
    if (chosen.length > 0) p.checks = [...new Set(chosen)];
  }
  const seen = new Set<string>();
  for (const p of out) {
    if (seen.has(p.name))
      throw new Error(`two targets are named "${p.target}": names must be unique in a run`);
    seen.add(p.name);
  }
  return out;
}
