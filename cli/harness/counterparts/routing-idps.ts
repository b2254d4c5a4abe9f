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
    const common = { keystore: run.keystore, port: run.plan.ports?.[id] };
    // The entry's own users, when it lists any, replace those of the scenario it plays.
    const users = e.users && e.directory ? { users: e.users, directory: e.directory } : {};
    const sim =
      e.kind === 'oidc'
        ? await startOpSimulator({
            ...common,
            scenario: { ...loadOidcScenario(e.scenarioFile!), id, ...users },
            name: `op-${id}`,
          })
        : await startIdpSimulator({
            ...common,
            scenario: { ...loadSamlScenario(e.scenarioFile!), id, ...users },
            name: `idp-${id}`,
          });
    run.started(sim);
    run.log(
      `${e.kind === 'oidc' ? 'OP' : 'IdP'} simulator (${id}, routing entry "${e.name}" of ${scenario.id}) at ${sim.url}`,
    );
    const described =
      'issuer' in sim.info
        ? { kind: 'oidc' as const, entityId: sim.info.issuer, descriptorUrl: sim.info.discoveryUrl }
        : { kind: 'saml' as const, entityId: sim.info.entityId, descriptorUrl: sim.info.metadataUrl };
    return { name: e.name, url: sim.url, ...described };
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
