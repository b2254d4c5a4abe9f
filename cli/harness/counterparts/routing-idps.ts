import type { Scenario } from '../../../lib/scenario/index.ts';
import type { RoutingIdpEntry } from '../../../lib/scenario/routing-scenario.ts';
import { entriesWithSimulator, routingIdpId } from '../../routing/routing-entries.ts';
import { startRoutingIdp } from '../../routing/start-routing-idp.ts';
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
    const sim = await startRoutingIdp(scenario, e, {
      keystore: run.keystore,
      port: run.plan.ports?.[routingIdpId(scenario, e)],
    });
    run.started(sim);
    run.log(
      `${sim.kind === 'oidc' ? 'OP' : 'IdP'} simulator (${sim.id}, routing entry "${e.name}" of ${scenario.id}) at ${sim.url}`,
    );
    const { name, kind, url, entityId, descriptorUrl } = sim;
    return { name, kind, url, entityId, descriptorUrl };
  };
  const start = async (scenario: Scenario): Promise<Pick<ProjectSimulators, 'routingIdps'>> => {
    const entries = entriesWithSimulator(scenario);
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
