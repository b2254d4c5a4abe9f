import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Keystore } from '../../lib/pki/index.ts';
import { adapterFor } from '../../lib/protocol/adapters.ts';
import { counterpartOf, type Protocol } from '../../lib/protocol/roles.ts';
import type { RunManifest } from '../../lib/run/manifest.ts';
import type { RunPlan } from '../../lib/run/plan.ts';
import { expandProjectsOnce, runTargetProfile } from '../../lib/run/run-inputs.ts';
import { type AnyScenario, loadScenario } from '../../lib/scenario/index.ts';
import type {
  RunResources,
  StartedSimulator,
  StartProjectSimulators,
} from './counterparts/counterpart-starter.ts';
import { counterpartStarterFor } from './counterparts/index.ts';

export interface StartedRun {
  manifest: RunManifest;
  manifestFile: string;
  log: string[];
  stop(): Promise<void>;
}

/**
 * Starts every simulator the plan needs, wires trust both ways, and writes the manifest the suites
 * read. What differs by protocol is the target's protocol adapter (lib/protocol/adapters.ts) and its
 * counterpart starter (cli/harness/counterparts/).
 */
export async function startRun(plan: RunPlan): Promise<StartedRun> {
  const projects = expandProjectsOnce(plan);
  const started: StartedSimulator[] = [];
  const log: string[] = [];
  const stop = async () => {
    await Promise.allSettled(started.map((s) => s.close()));
  };
  try {
    const scenarios = new Map<string, AnyScenario>();
    for (const f of plan.scenarios) {
      const s = loadScenario(f);
      scenarios.set(s.id, s);
    }
    const run: RunResources = {
      plan,
      keystore: new Keystore(),
      scenarios,
      started: (sim) => started.push(sim),
      log: (line) => log.push(line),
    };
    const starters = new Map<Protocol, StartProjectSimulators>();
    const manifest: RunManifest = { startedAt: new Date().toISOString(), projects: {} };

    for (const p of projects) {
      const profile = runTargetProfile(p.targetFile);
      const adapter = adapterFor(profile.protocol);
      let startSimulators = starters.get(profile.protocol);
      if (!startSimulators) {
        startSimulators = counterpartStarterFor(profile.protocol)(run);
        starters.set(profile.protocol, startSimulators);
      }
      const { counterpart, targetBaseUrl, targetSimulator } = await startSimulators(p, profile);
      const vars = { base_url: targetBaseUrl, ...adapter.counterpartVars(p.role, counterpart.entityId) };
      const descriptor = await adapter.readTargetDescriptor(profile, vars);
      await adapter.trustTarget(counterpart.url, descriptor, profile);
      log.push(`${p.name}: ${await adapter.handToTarget(profile, vars, counterpart.descriptorUrl)}`);
      manifest.projects[p.name] = {
        name: p.name,
        target: p.target,
        targetFile: resolve(p.targetFile),
        role: p.role,
        scenario: p.scenario,
        targetBaseUrl,
        targetEntityId: adapter.targetId(descriptor),
        counterpart: { role: counterpartOf(p.role), url: counterpart.url, entityId: counterpart.entityId },
        simulators: [counterpart.url, ...(targetSimulator ? [targetSimulator] : [])],
      };
    }
    const dir = resolve(plan.outDir);
    mkdirSync(dir, { recursive: true });
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    return { manifest, manifestFile, log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
