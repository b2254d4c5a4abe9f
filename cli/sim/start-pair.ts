import type { Keystore } from '../../lib/pki/index.ts';
import type { Scenario } from '../../lib/scenario/index.ts';
import type { StateLocation } from '../../lib/state/state-db.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { type PairRouting, startPairRouting } from './pair-routing.ts';
import { trustEachOther } from './trust-each-other.ts';

export interface Pair {
  idp: RunningIdpSimulator;
  sp: RunningSp;
  /** A routing scenario's other IdPs, built-in IdP users and rules, all set at the SP. */
  routing?: PairRouting;
  close(): Promise<void>;
}

/**
 * Starts a scenario's IdP and the reference SP and makes each trust the other's metadata, as
 * served, at every start so that restarts (and renewed keys) keep the pair trusting. A routing
 * scenario brings the rest of its routing entries too (pair-routing.ts). `state` names the state
 * of each simulator: "idp", "sp", or a routing entry's simulator id.
 */
export async function startPair(opts: {
  scenario: Scenario;
  keystore: Keystore;
  idp: { port?: number; baseUrl?: string };
  sp: { port?: number; baseUrl?: string; orgId?: string };
  /** The ports of a routing scenario's other simulators, by id (free ports otherwise). */
  routingPorts?: Record<string, number>;
  state: (who: string) => StateLocation;
}): Promise<Pair> {
  const idp = await startIdpSimulator({
    scenario: opts.scenario,
    keystore: opts.keystore,
    port: opts.idp.port,
    baseUrl: opts.idp.baseUrl,
    state: opts.state('idp'),
  });
  let sp: RunningSp | undefined;
  let routing: PairRouting | undefined;
  try {
    sp = await startSpSimulator({
      keystore: opts.keystore,
      port: opts.sp.port,
      baseUrl: opts.sp.baseUrl,
      orgId: opts.sp.orgId,
      state: opts.state('sp'),
    });
    await trustEachOther(idp, sp);
    routing = await startPairRouting({ ...opts, ports: opts.routingPorts ?? {}, idp, sp });
  } catch (e) {
    await Promise.allSettled([idp.close(), sp?.close()]);
    throw e;
  }
  const started = sp;
  return {
    idp,
    sp: started,
    routing,
    close: async () => {
      await Promise.allSettled([idp.close(), started.close(), routing?.close()]);
    },
  };
}
