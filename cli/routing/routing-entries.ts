import type { Scenario } from '../../lib/scenario/index.ts';
import type { RoutingIdpEntry } from '../../lib/scenario/routing-scenario.ts';

/*
 * Kept apart from the simulators that play these entries: flag checking needs the names alone, and
 * loading the simulators (oidc-provider among them) cost every `accord run` about a second before
 * it could say a flag was wrong.
 */

/** The entries of a routing scenario that play another scenario: each gets a simulator of its own. */
export function entriesWithSimulator(scenario: Scenario): RoutingIdpEntry[] {
  return (scenario.routing?.idps ?? []).filter((e) => e.scenarioFile !== undefined);
}

/** The id the simulator of a routing entry goes by. */
export function routingIdpId(scenario: Scenario, entry: RoutingIdpEntry): string {
  return `${scenario.id}-${entry.name}`;
}
