import { isAsserting } from '../protocol/roles.ts';
import { loadScenario } from '../scenario/index.ts';
import { loadTargetProfile } from '../target/index.ts';
import type { ProjectPlan, RunPlan } from './plan.ts';

/**
 * One project per (target, scenario). A relying target (SP) meets the simulator asserting each
 * scenario (IdP); a built-in asserting target plays each scenario itself; an external asserting
 * target (IdP) meets the relying simulator (reference SP) once.
 */
export function expandProjects(plan: RunPlan): ProjectPlan[] {
  const scenarios = plan.scenarios.map((f) => ({ file: f, scenario: loadScenario(f) }));
  const out: ProjectPlan[] = [];
  /** rp targets by client id: they share the OP simulator of each scenario, which knows a client by its id. */
  const clients = new Map<string, string>();
  for (const targetFile of plan.targets) {
    const profile = loadTargetProfile(targetFile);
    const clientId = profile.oidc?.client.id;
    if (clientId !== undefined) {
      const other = clients.get(clientId);
      if (other !== undefined && other !== profile.name)
        throw new Error(
          `targets "${other}" and "${profile.name}" both register client id "${clientId}" at the OP: client ids must be unique in a run`,
        );
      clients.set(clientId, profile.name);
    }
    const perScenario =
      !isAsserting(profile.role) || (profile.builtin !== undefined && isAsserting(profile.builtin.simulator));
    if (perScenario) {
      for (const { file, scenario } of scenarios) {
        if (scenario.protocol !== profile.protocol) continue;
        // Several IdPs with routing rules meet an SP target; an IdP cannot play them.
        const routing = scenario.protocol === 'saml2' && scenario.routing !== undefined;
        if (routing && profile.role !== 'sp') continue;
        out.push({
          name: `${profile.name}·${scenario.id}`,
          target: profile.name,
          targetFile,
          role: profile.role,
          scenario: scenario.id,
          scenarioFile: file,
          ...(routing ? { routing: true as const } : {}),
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
