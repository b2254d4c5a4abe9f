import { SimulatorClient } from '../../../lib/admin/client.ts';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { RoutingRule } from '../../../lib/routing/rules.ts';
import { rulesForTarget, targetIdpId } from '../../../lib/routing/target-idp-id.ts';
import { planFromEnv } from '../../../lib/run/plan.ts';
import { expandProjectsOnce } from '../../../lib/run/run-inputs.ts';
import { loadSamlScenario } from '../../../lib/scenario/index.ts';
import type { RoutingIdpEntry } from '../../../lib/scenario/routing-scenario.ts';
import type { ScenarioUser } from '../../../lib/scenario/types.ts';
import type { Accord } from '../../fixtures/index.ts';

/** One IdP of the routing scenario as the target knows it. */
export interface RoutedIdp {
  name: string;
  kind: RoutingIdpEntry['kind'];
  /**
   * How the target's rules name it: a SAML IdP's entityID, an OIDC IdP's entry name (what the
   * profile's routing.oidc.exchange handed it as {idp_name}), the profile's builtinIdp.id;
   * undefined when the profile names no built-in IdP.
   */
  id?: string;
  /** A simulator's address, and its entityID (an OP's issuer). */
  url?: string;
  entityId?: string;
  client?: SimulatorClient;
  /** The built-in IdP's users, from the scenario (their passwords included). */
  users?: ScenarioUser[];
}

/** The IdPs and rules of a routing project, with the target's names for them. */
export interface RoutingWorld {
  idps: RoutedIdp[];
  /** The scenario's rules, naming IdPs by entry name. */
  rules: RoutingRule[];
  byName(name: string): RoutedIdp;
  /** The scenario's rules as the target takes them (entry names replaced by the target's ids). */
  forTarget(rules: readonly RoutingRule[]): RoutingRule[];
  defaultIdp: RoutedIdp;
  users(idp: RoutedIdp): Promise<TestUser[]>;
}

export function routingWorld(accord: Accord): RoutingWorld {
  const project = expandProjectsOnce(planFromEnv()).find((p) => p.name === accord.runtime.name);
  if (!project?.scenarioFile) throw new Error(`${accord.runtime.name}: no scenario file`);
  const routing = loadSamlScenario(project.scenarioFile).routing;
  if (!routing) throw new Error(`${accord.runtime.name}: the scenario has no routing section`);
  const handedOidc = accord.profile.routing?.oidc !== undefined;
  const idps: RoutedIdp[] = routing.idps.map((e) => {
    if (e.kind === 'builtin')
      return {
        name: e.name,
        kind: e.kind,
        id: targetIdpId(accord.profile, e, undefined),
        users: e.users ?? [],
      };
    const sim = e.scenario
      ? accord.runtime.routingIdps?.find((r) => r.name === e.name)
      : { url: accord.runtime.counterpart.url, entityId: accord.runtime.counterpart.entityId };
    if (!sim) throw new Error(`${accord.runtime.name}: the run started no IdP for routing entry "${e.name}"`);
    return {
      name: e.name,
      kind: e.kind,
      id: targetIdpId(accord.profile, e, sim.entityId),
      url: sim.url,
      entityId: sim.entityId,
      client: new SimulatorClient(sim.url),
    };
  });
  const byName = (name: string) => {
    const idp = idps.find((i) => i.name === name);
    if (!idp) throw new Error(`routing entry "${name}" is not in the scenario`);
    return idp;
  };
  const users = new Map<string, Promise<TestUser[]>>();
  return {
    idps,
    // An OIDC IdP the profile cannot be handed (no routing.oidc) is left out of the rules: the
    // checks judge routing among the IdPs the target has (the Default rule stays, and says so).
    rules: routing.rules.filter((r) => r.default || handedOidc || byName(r.idp).kind !== 'oidc'),
    byName,
    forTarget: (rules) =>
      rulesForTarget(rules, (r) => {
        const id = byName(r.idp).id;
        if (id === undefined) throw new Error(`rule "${r.name}": ${unjudgeable([byName(r.idp)])}`);
        return id;
      }),
    defaultIdp: byName(routing.rules.find((r) => r.default)!.idp),
    users: (idp) => {
      if (!idp.client) return Promise.resolve(idp.users ?? []);
      let list = users.get(idp.name);
      if (!list) {
        list = idp.client.testUsers();
        users.set(idp.name, list);
      }
      return list;
    },
  };
}

/** The IdPs the world's rules route to: those a check that sets the rules needs the target to know. */
export function routedIdps(world: RoutingWorld): RoutedIdp[] {
  return world.idps.filter((i) => world.rules.some((r) => r.idp === i.name));
}

/** Why a routing check cannot be judged on this profile, if it cannot. */
export function unjudgeable(needs: readonly RoutedIdp[]): string | undefined {
  const missing = needs.find((i) => i.id === undefined && (i.kind === 'builtin' || i.kind === 'oidc'));
  if (!missing) return undefined;
  return missing.kind === 'builtin'
    ? `the rules route to the SP's built-in IdP ("${missing.name}"), and the profile declares no routing.builtinIdp`
    : `the rules route to the OpenID Connect IdP "${missing.name}", and the profile declares no routing.oidc`;
}
