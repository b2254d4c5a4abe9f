import { loadSamlScenario, type Scenario } from '../../../lib/scenario/index.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../../simulators/idp/index.ts';
import type { ProjectSimulators, RunResources } from './counterpart-starter.ts';

/**
 * The IdPs of a routing scenario besides its own: one IdP simulator per entry that names another
 * scenario, started once per run, each on its own port (`--port <scenario>-<entry>=PORT`) and with
 * its own key (the entry's scenario plays under the id `<scenario>-<entry>`).
 */
export function routingIdpStarter(run: RunResources) {
  const byScenario = new Map<string, Promise<Pick<ProjectSimulators, 'routingIdps'>>>();
  const start = async (scenario: Scenario): Promise<Pick<ProjectSimulators, 'routingIdps'>> => {
    const entries = (scenario.routing?.idps ?? []).filter((e) => e.scenarioFile !== undefined);
    const routingIdps = [];
    for (const e of entries) {
      const id = `${scenario.id}-${e.name}`;
      const sim: RunningIdpSimulator = await startIdpSimulator({
        scenario: { ...loadSamlScenario(e.scenarioFile!), id },
        keystore: run.keystore,
        port: run.plan.ports?.[id],
        name: `idp-${id}`,
      });
      run.started(sim);
      run.log(`IdP simulator (${id}, routing entry "${e.name}" of ${scenario.id}) at ${sim.url}`);
      routingIdps.push({
        name: e.name,
        url: sim.url,
        entityId: sim.info.entityId,
        descriptorUrl: sim.info.metadataUrl,
      });
    }
    return entries.length > 0 ? { routingIdps } : {};
  };
  return (scenario: Scenario): Promise<Pick<ProjectSimulators, 'routingIdps'>> => {
    let started = byScenario.get(scenario.id);
    if (!started) {
      started = start(scenario);
      byScenario.set(scenario.id, started);
    }
    return started;
  };
}
