import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Keystore } from '../../lib/pki/index.ts';
import { adapterFor } from '../../lib/protocol/adapters.ts';
import { counterpartOf, type Protocol } from '../../lib/protocol/roles.ts';
import { handRoutingOp } from '../../lib/routing/hand-routing-op.ts';
import type { RunManifest } from '../../lib/run/manifest.ts';
import type { RunPlan } from '../../lib/run/plan.ts';
import { expandProjectsOnce, runTargetProfile } from '../../lib/run/run-inputs.ts';
import { type AnyScenario, loadScenario } from '../../lib/scenario/index.ts';
import { writeAggregates } from './aggregate-exchange.ts';
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

    // Every counterpart starts before any exchange, so an SP target's hook can be offered the
    // metadata of every IdP of the run in one file (aggregate-exchange.ts).
    const ready = [];
    for (const p of projects) {
      const profile = runTargetProfile(p.targetFile);
      const adapter = adapterFor(profile.protocol);
      let startSimulators = starters.get(profile.protocol);
      if (!startSimulators) {
        startSimulators = counterpartStarterFor(profile.protocol)(run);
        starters.set(profile.protocol, startSimulators);
      }
      const { counterpart, targetBaseUrl, targetSimulator, routingIdps } = await startSimulators(p, profile);
      const vars = { base_url: targetBaseUrl, ...adapter.counterpartVars(p.role, counterpart.entityId) };
      const descriptor = await adapter.readTargetDescriptor(profile, vars);
      ready.push({
        p,
        profile,
        adapter,
        counterpart,
        targetBaseUrl,
        targetSimulator,
        routingIdps,
        vars,
        descriptor,
      });
    }
    const aggregates = await writeAggregates(
      ready.flatMap((r) =>
        // An OIDC IdP of a routing scenario publishes discovery, not SAML metadata: not aggregated.
        [r.counterpart, ...(r.routingIdps ?? []).filter((i) => i.kind === 'saml')].map((c) => ({
          target: r.p.target,
          profile: r.profile,
          descriptorUrl: c.descriptorUrl,
        })),
      ),
      join(resolve(plan.outDir), 'exchange'),
    );
    for (const {
      p,
      profile,
      adapter,
      counterpart,
      targetBaseUrl,
      targetSimulator,
      routingIdps,
      vars,
      descriptor,
    } of ready) {
      await adapter.trustTarget(counterpart.url, descriptor, profile);
      const aggregate = aggregates.get(p.target);
      const handVars = aggregate ? { ...vars, aggregate_metadata_file: aggregate } : vars;
      log.push(`${p.name}: ${await adapter.handToTarget(profile, handVars, counterpart.descriptorUrl)}`);
      // A routing scenario's other IdPs: each trusts the target, and the target each of them.
      for (const r of routingIdps ?? []) {
        if (r.kind === 'oidc') {
          log.push(`${p.name} (${r.name}): ${await handRoutingOp(profile, handVars, r)}`);
          continue;
        }
        await adapter.trustTarget(r.url, descriptor, profile);
        const rVars = { ...handVars, ...adapter.counterpartVars(p.role, r.entityId) };
        log.push(`${p.name} (${r.name}): ${await adapter.handToTarget(profile, rVars, r.descriptorUrl)}`);
      }
      manifest.projects[p.name] = {
        name: p.name,
        target: p.target,
        targetFile: resolve(p.targetFile),
        role: p.role,
        scenario: p.scenario,
        targetBaseUrl,
        targetEntityId: adapter.targetId(descriptor),
        counterpart: { role: counterpartOf(p.role), url: counterpart.url, entityId: counterpart.entityId },
        simulators: [
          counterpart.url,
          ...(targetSimulator ? [targetSimulator] : []),
          ...(routingIdps ?? []).map((r) => r.url),
        ],
        ...(routingIdps
          ? {
              routingIdps: routingIdps.map(({ name, kind, url, entityId }) => ({
                name,
                kind,
                url,
                entityId,
              })),
            }
          : {}),
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
