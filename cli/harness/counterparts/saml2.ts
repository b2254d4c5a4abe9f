import type { IdpInfo, SpInfo } from '../../../lib/admin/protocol.ts';
import { roleIn, type SamlRole } from '../../../lib/protocol/roles.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../../simulators/idp/index.ts';
import { type RunningSp, startSpSimulator } from '../../../simulators/sp/index.ts';
import type { CounterpartStarter, StartProjectSimulators } from './counterpart-starter.ts';
import { routingIdpStarter } from './routing-idps.ts';

/** A started simulator as the counterpart of a project: its address, entityID and metadata URL. */
function described(sim: { url: string; info: IdpInfo | SpInfo }) {
  return { url: sim.url, entityId: sim.info.entityId, descriptorUrl: sim.info.metadataUrl };
}

/**
 * SAML 2.0. An SP target meets the IdP simulator playing its scenario, one per scenario for every
 * SP target of the run; the built-in SP target is started once. An IdP target meets a reference
 * SP of its own; the built-in IdP target is started per scenario, playing it. (A built-in target is
 * the simulator of its own role: the profile loader makes sure of that.)
 */
export const saml2Counterparts: CounterpartStarter = ({ plan, keystore, scenarios, started, log }) => {
  const idpByScenario = new Map<string, RunningIdpSimulator>();
  const builtinSps = new Map<string, RunningSp>();

  // A SAML project's scenario is a SAML one: the run pairs targets and scenarios by protocol.
  const samlScenario = (id: string) => {
    const s = scenarios.get(id);
    if (s?.protocol !== 'saml2') throw new Error(`scenario "${id}" is not a saml2 scenario`);
    return s;
  };

  const counterpartIdp = async (id: string) => {
    let sim = idpByScenario.get(id);
    if (!sim) {
      sim = await startIdpSimulator({
        scenario: samlScenario(id),
        keystore,
        port: plan.ports?.[id],
        name: `idp-${id}`,
      });
      started(sim);
      idpByScenario.set(id, sim);
      log(`IdP simulator (${id}) at ${sim.url}`);
    }
    return sim;
  };

  const routingIdps = routingIdpStarter({ plan, keystore, scenarios, started, log });

  const forRole: Record<SamlRole, StartProjectSimulators> = {
    async sp(p, profile) {
      const idp = await counterpartIdp(p.scenario);
      const routing = await routingIdps(samlScenario(p.scenario));
      if (!profile.builtin) {
        return { counterpart: described(idp), targetBaseUrl: profile.baseUrl ?? '', ...routing };
      }
      let sp = builtinSps.get(profile.name);
      if (!sp) {
        sp = await startSpSimulator({
          name: profile.name,
          keystore,
          defects: profile.builtin.defects ?? [],
          ...(profile.builtin.options ?? {}),
        });
        started(sp);
        builtinSps.set(profile.name, sp);
        log(
          `reference SP "${profile.name}" at ${sp.url}${profile.builtin.defects?.length ? ` (defects: ${profile.builtin.defects.join(', ')})` : ''}`,
        );
      }
      return { counterpart: described(idp), targetBaseUrl: sp.url, targetSimulator: sp.url, ...routing };
    },

    async idp(p, profile) {
      // One reference SP per IdP target: IdPs of one scenario share an entityID (Entra's is fixed by
      // its tenant), and an SP trusts one IdP per entityID.
      const counterpartSp = await startSpSimulator({
        name: `counterpart-sp-${p.name}`,
        keystore,
        port: plan.ports?.sp,
        // The Webex rule (uid = email) holds only for an IdP meant for Webex; and an examined
        // flaw of the target is recorded without refusing, so the flows after sign-in are judged.
        emailAttribute: profile.identityService === 'webex' ? 'uid' : profile.emailAttribute,
        tolerate: (profile.knownFindings ?? []).map((k) => k.check),
      });
      started(counterpartSp);
      log(`reference SP (counterpart of ${p.name}) at ${counterpartSp.url}`);
      if (!profile.builtin) {
        return { counterpart: described(counterpartSp), targetBaseUrl: profile.baseUrl ?? '' };
      }
      const sim = await startIdpSimulator({
        scenario: samlScenario(p.scenario),
        keystore,
        defects: profile.builtin.defects ?? [],
        name: `${profile.name}-${p.scenario}`,
        requestSignatures: 'refuse',
        // Its own keyring: its key rollover must not move the key of the scenario's counterpart IdPs.
        keyName:
          `idp-target-${p.scenario}-${profile.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`.slice(
            0,
            48,
          ),
      });
      started(sim);
      log(`IdP target "${profile.name}" (${p.scenario}) at ${sim.url}`);
      return { counterpart: described(counterpartSp), targetBaseUrl: sim.url, targetSimulator: sim.url };
    },
  };

  return (p, profile) => forRole[roleIn('saml2', p.role)](p, profile);
};
