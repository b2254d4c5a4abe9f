import type { Keystore } from '../../lib/pki/index.ts';
import type { Scenario } from '../../lib/scenario/index.ts';
import type { StateLocation } from '../../lib/state/state-db.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';

export interface Pair {
  idp: RunningIdpSimulator;
  sp: RunningSp;
  close(): Promise<void>;
}

/** The metadata a running simulator serves, read at its listening address (its base URL may be a proxy's). */
async function servedMetadata(listening: string, published: string): Promise<string> {
  const { pathname, search } = new URL(published);
  const res = await fetch(`${listening}${pathname}${search}`);
  if (!res.ok) throw new Error(`${published} answered ${res.status}`);
  return res.text();
}

/**
 * Starts a scenario's IdP and the reference SP and makes each trust the other's metadata, as
 * served: what a person would do with POST /__accord/peers both ways, done at every start so
 * that restarts (and renewed keys) keep the pair trusting.
 */
export async function startPair(opts: {
  scenario: Scenario;
  keystore: Keystore;
  idp: { port?: number; baseUrl?: string };
  sp: { port?: number; baseUrl?: string; orgId?: string };
  state: (who: 'idp' | 'sp') => StateLocation;
}): Promise<Pair> {
  const idp = await startIdpSimulator({
    scenario: opts.scenario,
    keystore: opts.keystore,
    port: opts.idp.port,
    baseUrl: opts.idp.baseUrl,
    state: opts.state('idp'),
  });
  let sp: RunningSp | undefined;
  try {
    sp = await startSpSimulator({
      keystore: opts.keystore,
      port: opts.sp.port,
      baseUrl: opts.sp.baseUrl,
      orgId: opts.sp.orgId,
      state: opts.state('sp'),
    });
    idp.simulator.context.peers.add(await servedMetadata(sp.url, sp.info.metadataUrl));
    sp.simulator.context.peers.add(await servedMetadata(idp.url, idp.info.metadataUrl));
  } catch (e) {
    await Promise.allSettled([idp.close(), sp?.close()]);
    throw e;
  }
  const started = sp;
  return {
    idp,
    sp: started,
    close: async () => {
      await Promise.allSettled([idp.close(), started.close()]);
    },
  };
}
