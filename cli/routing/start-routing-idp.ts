import type { Keystore } from '../../lib/pki/index.ts';
import {
  loadOidcScenario,
  loadSamlScenario,
  type Scenario,
  type ScenarioUser,
} from '../../lib/scenario/index.ts';
import type { RoutingIdpEntry } from '../../lib/scenario/routing-scenario.ts';
import type { StateLocation } from '../../lib/state/state-db.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { type RunningOpSimulator, startOpSimulator } from '../../simulators/op/index.ts';
import { routingIdpId } from './routing-entries.ts';

/** A simulator started for one routing entry: what the SP must be told of it, and the users it signs in. */
interface Described {
  /** The entry's name, the one the scenario's rules use. */
  name: string;
  /** `<scenario>-<entry>`: its --port name, instance name and key. */
  id: string;
  url: string;
  /** A SAML IdP's entityID, an OP's issuer. */
  entityId: string;
  /** Its SAML metadata, or its discovery document. */
  descriptorUrl: string;
  /** The entry's own users, or those of the scenario it plays. */
  users: ScenarioUser[];
  close(): Promise<void>;
}

export type RoutingIdpSimulator = Described &
  ({ kind: 'saml'; running: RunningIdpSimulator } | { kind: 'oidc'; running: RunningOpSimulator });

/**
 * Starts the simulator of one routing entry that names another scenario: an IdP simulator for a
 * saml entry, an OP simulator for an oidc one (as an OIDC scenario's counterpart is started), on
 * its own port and with its own key (the entry's scenario plays under the id `<scenario>-<entry>`).
 */
export async function startRoutingIdp(
  scenario: Scenario,
  e: RoutingIdpEntry,
  opts: { keystore: Keystore; port?: number; state?: StateLocation },
): Promise<RoutingIdpSimulator> {
  if (e.scenarioFile === undefined)
    throw new Error(`routing entry "${e.name}" of ${scenario.id} plays no other scenario`);
  const id = routingIdpId(scenario, e);
  const common = { keystore: opts.keystore, port: opts.port, state: opts.state };
  // The entry's own users, when it lists any, replace those of the scenario it plays.
  const users = e.users && e.directory ? { users: e.users, directory: e.directory } : {};
  const described = (
    running: { url: string; close(): Promise<void> },
    entityId: string,
    descriptorUrl: string,
    played: { users: ScenarioUser[] },
  ): Described => ({
    name: e.name,
    id,
    url: running.url,
    entityId,
    descriptorUrl,
    users: played.users,
    close: () => running.close(),
  });
  if (e.kind === 'oidc') {
    const played = { ...loadOidcScenario(e.scenarioFile), id, ...users };
    const running = await startOpSimulator({ ...common, scenario: played, name: `op-${id}` });
    return {
      kind: 'oidc',
      running,
      ...described(running, running.info.issuer, running.info.discoveryUrl, played),
    };
  }
  const played = { ...loadSamlScenario(e.scenarioFile), id, ...users };
  const running = await startIdpSimulator({ ...common, scenario: played, name: `idp-${id}` });
  return {
    kind: 'saml',
    running,
    ...described(running, running.info.entityId, running.info.metadataUrl, played),
  };
}
