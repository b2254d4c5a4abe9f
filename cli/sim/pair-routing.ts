import { join } from 'node:path';
import type { Keystore } from '../../lib/pki/index.ts';
import { applyIdentityUsers, applyRules } from '../../lib/routing/apply-rules.ts';
import { handRoutingOp } from '../../lib/routing/hand-routing-op.ts';
import type { RoutingRule } from '../../lib/routing/rules.ts';
import { rulesForTarget, targetIdpId } from '../../lib/routing/target-idp-id.ts';
import type { Scenario, ScenarioUser } from '../../lib/scenario/index.ts';
import type { RoutingIdpEntry } from '../../lib/scenario/routing-scenario.ts';
import type { StateLocation } from '../../lib/state/state-db.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import type { TargetProfile } from '../../lib/target/types.ts';
import type { RunningIdpSimulator } from '../../simulators/idp/index.ts';
import type { RunningSp } from '../../simulators/sp/index.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { entriesWithSimulator, routingIdpId } from '../routing/routing-entries.ts';
import { type RoutingIdpSimulator, startRoutingIdp } from '../routing/start-routing-idp.ts';
import { trustEachOther } from './trust-each-other.ts';

/**
 * The reference SP's profile: how its routing rules, its built-in IdP's users and its OpenID
 * Providers are set, the same hooks `accord run` and the routing suite use.
 */
const REFERENCE_SP_PROFILE = join(PACKAGE_ROOT, 'targets/reference-sp.yaml');

/** One IdP of a routing scenario as the pair runs it. */
export interface PairRoutingIdp {
  entry: RoutingIdpEntry;
  /** Its simulator, for an entry playing another scenario; the pair's own IdP; none for the built-in one. */
  simulator?: RoutingIdpSimulator | { kind: 'saml'; url: string; entityId: string };
  /** Whom it signs in (the built-in IdP: the users set at the SP). */
  users: ScenarioUser[];
}

export interface PairRouting {
  profile: TargetProfile;
  idps: PairRoutingIdp[];
  /** The scenario's rules, naming IdPs by entry name, as set at the SP (there by the SP's ids). */
  rules: RoutingRule[];
  close(): Promise<void>;
}

/**
 * The rest of a routing scenario beside a pair: one simulator per entry playing another scenario
 * (cli/routing/), each meeting the reference SP as `accord run` has them meet an SP target (a SAML
 * IdP and the SP trust each other; an OP registers the SP's client and is handed to the SP by its
 * profile's routing.oidc), then the built-in IdP's users and the scenario's rules set through the
 * profile's routing hooks. Undefined for a scenario without routing.
 */
export async function startPairRouting(opts: {
  scenario: Scenario;
  keystore: Keystore;
  idp: RunningIdpSimulator;
  sp: RunningSp;
  /** Ports by simulator id; a free port for the others. */
  ports: Record<string, number>;
  state: (who: string) => StateLocation;
}): Promise<PairRouting | undefined> {
  const routing = opts.scenario.routing;
  if (!routing) return undefined;
  const profile = loadTargetProfile(REFERENCE_SP_PROFILE);
  // The hooks reach the SP where it listens; the client registered at an OP names its public address.
  const vars = { base_url: opts.sp.url };
  const publicVars = { base_url: opts.sp.info.baseUrl };
  const started: RoutingIdpSimulator[] = [];
  const close = async () => {
    await Promise.allSettled(started.map((s) => s.close()));
  };
  try {
    for (const e of entriesWithSimulator(opts.scenario)) {
      const id = routingIdpId(opts.scenario, e);
      started.push(
        await startRoutingIdp(opts.scenario, e, {
          keystore: opts.keystore,
          port: opts.ports[id],
          state: opts.state(id),
        }),
      );
    }
    for (const s of started) {
      if (s.kind === 'saml') await trustEachOther(s.running, opts.sp);
      else await handRoutingOp(profile, vars, s, publicVars);
    }
    const own = { kind: 'saml' as const, url: opts.idp.url, entityId: opts.idp.info.entityId };
    const idps = routing.idps.map((entry): PairRoutingIdp => {
      if (entry.kind === 'builtin') return { entry, users: entry.users ?? [] };
      if (entry.scenarioFile === undefined) return { entry, simulator: own, users: opts.scenario.users };
      const simulator = started.find((s) => s.name === entry.name);
      return { entry, simulator, users: simulator?.users ?? [] };
    });
    const builtin = idps.find((i) => i.entry.kind === 'builtin');
    if (builtin && builtin.users.length > 0) await applyIdentityUsers(profile, vars, builtin.users);
    await applyRules(
      profile,
      vars,
      rulesForTarget(routing.rules, (r) => {
        const idp = idps.find((i) => i.entry.name === r.idp);
        const id = idp && targetIdpId(profile, idp.entry, idp.simulator?.entityId);
        if (id === undefined)
          throw new Error(`${profile.file}: names no IdP for routing entry "${r.idp}" (rule "${r.name}")`);
        return id;
      }),
    );
    return { profile, idps, rules: routing.rules, close };
  } catch (e) {
    await close();
    throw e;
  }
}
