import { loadOidcScenario, loadSamlScenario, type Scenario } from '../../../lib/scenario/index.ts';
import type { RoutingIdpEntry } from '../../../lib/scenario/routing-scenario.ts';
import { startIdpSimulator } from '../../../simulators/idp/index.ts';
import { startOpSimulator } from '../../../simulators/op/index.ts';
import type { ProjectSimulators, RunResources } from './counterpart-starter.ts';

type RoutingIdp = NonNullable<ProjectSimulators['routingIdps']>[number];

/**
 * The IdPs of a routing scenario besides its own: one simulator per entry that names another
 * scenario (an IdP simulator for a saml entry, an OP simulator for an oidc one, as an OIDC
 * scenario's counterpart is started), started once per run, each on its own port
 * (`--port <scenario>-<entry>=PORT`) and with its own key (the entry's scenario plays under the id
 * `<scenario>-<entry>`).
 */
export function routingIdpStarter(run: RunResources) {
  const byScenario = new Map<string, Promise<Pick<ProjectSimulators, 'routingIdps'>>>();
  const startOne = async (scenario: Scenario, e: RoutingIdpEntry): Promise<RoutingIdp> => {
    const id = `${scenario.id}-${e.name}`;
    const port = run.plan.ports?.[id];
    if (e.kind === 'oidc') {
      const sim = await startOpSimulator({
        scenario: { ...loadOidcScenario(e.scenarioFile!), id },
        keystore: run.keystore,
        port,
        name: `op-${id}`,
      });
      run.started(sim);
      run.log(`OP simulator (${id}, routing entry "${e.name}" of ${scenario.id}) at ${sim.url}`);
      return {
        name: e.name,
        kind: 'oidc',
        url: sim.url,
        entityId: sim.info.issuer,
        descriptorUrl: sim.info.discoveryUrl,
      };
    }
    const sim = await startIdpSimulator({
      scenario: { ...loadSamlScenario(e.scenarioFile!), id },
      keystore: run.keystore,
      port,
      name: `idp-${id}`,
    });
    run.started(sim);
    run.log(`IdP simulator (${id}, routing entry "${e.name}" of ${scenario.id}) at ${sim.url}`);
    return {
      name: e.name,
      kind: 'saml',
      url: sim.url,
      entityId: sim.info.entityId,
      descriptorUrl: sim.info.metadataUrl,
    };
  };
  const start = async (scenario: Scenario): Promise<Pick<ProjectSimulators, 'routingIdps'>> => {
    const entries = (scenario.routing?.idps ?? []).filter((e) => e.scenarioFile !== undefined);
    const routingIdps: RoutingIdp[] = [];
    for (const e of entries) routingIdps.push(await startOne(scenario, e));
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
