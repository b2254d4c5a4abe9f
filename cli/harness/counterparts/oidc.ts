import type { OpInfo } from '../../../lib/admin/oidc-protocol.ts';
import { roleIn } from '../../../lib/protocol/roles.ts';
import { type RunningOpSimulator, startOpSimulator } from '../../../simulators/op/index.ts';
import { startRpSimulator } from '../../../simulators/rp/index.ts';
import { startSpSimulator } from '../../../simulators/sp/index.ts';
import type { CounterpartStarter, StartProjectSimulators } from './counterpart-starter.ts';

/** A started OP simulator as the counterpart of a project: its address, issuer and discovery URL. */
function described(sim: { url: string; info: OpInfo }) {
  return { url: sim.url, entityId: sim.info.issuer, descriptorUrl: sim.info.discoveryUrl };
}

/**
 * OpenID Connect. An RP target meets the OP simulator playing its scenario, one per scenario for
 * every RP target of the run (each registers its own client there). The built-in RP is started per
 * scenario, not once per profile as the reference SP is: it signs in with one OP at a time, and one
 * RP handed two scenarios' OPs would keep only the last.
 */
export const oidcCounterparts: CounterpartStarter = ({ plan, keystore, scenarios, started, log }) => {
  const opByScenario = new Map<string, RunningOpSimulator>();

  /**
   * An OP target meets no simulator: the suite is its relying party. The built-in OP is started per
   * scenario as the target (its issuer fills the profile's {issuer}); the project's counterpart
   * address is the OP's own, so the suite tags the browser for its trace and reads that trace.
   */
  const opTarget: StartProjectSimulators = async (p, profile) => {
    if (!profile.builtin) {
      const url = profile.baseUrl ?? '';
      return { counterpart: { url, entityId: '', descriptorUrl: '' }, targetBaseUrl: url };
    }
    const scenario = scenarios.get(p.scenario);
    if (scenario?.protocol !== 'oidc') throw new Error(`scenario "${p.scenario}" is not an oidc scenario`);
    const sim = await startOpSimulator({
      scenario,
      keystore,
      name: `${profile.name}-${p.scenario}`,
      defects: profile.builtin.defects ?? [],
    });
    started(sim);
    log(
      `OP simulator as target "${profile.name}" (${p.scenario}) at ${sim.url}${profile.builtin.defects?.length ? ` (defects: ${profile.builtin.defects.join(', ')})` : ''}`,
    );
    return { counterpart: described(sim), targetBaseUrl: sim.url };
  };

  const counterpartOp = async (id: string) => {
    let sim = opByScenario.get(id);
    if (!sim) {
      // An OIDC project's scenario is an OIDC one: the run pairs targets and scenarios by protocol.
      const scenario = scenarios.get(id);
      if (scenario?.protocol !== 'oidc') throw new Error(`scenario "${id}" is not an oidc scenario`);
      sim = await startOpSimulator({ scenario, keystore, port: plan.ports?.[id], name: `op-${id}` });
      started(sim);
      opByScenario.set(id, sim);
      log(`OP simulator (${id}) at ${sim.url}, discovery ${sim.info.discoveryUrl}`);
    }
    return sim;
  };

  return async (p, profile) => {
    if (roleIn('oidc', p.role) === 'op') return opTarget(p, profile);
    const op = await counterpartOp(p.scenario);
    if (!profile.builtin) return { counterpart: described(op), targetBaseUrl: profile.baseUrl ?? '' };
    // The reference SP signs in with OIDC IdPs too; like the RP, it is started per scenario.
    const start = profile.builtin.simulator === 'sp' ? startSpSimulator : startRpSimulator;
    const rp = await start({
      name: `${profile.name}-${p.scenario}`,
      keystore,
      defects: profile.builtin.defects ?? [],
      ...(profile.builtin.options ?? {}),
    });
    started(rp);
    log(
      `reference ${profile.builtin.simulator === 'sp' ? 'SP' : 'RP'} "${profile.name}" (${p.scenario}) at ${rp.url}${profile.builtin.defects?.length ? ` (defects: ${profile.builtin.defects.join(', ')})` : ''}`,
    );
    return { counterpart: described(op), targetBaseUrl: rp.url, targetSimulator: rp.url };
  };
};
