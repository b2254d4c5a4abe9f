import type { RunningIdpSimulator } from '../../simulators/idp/index.ts';
import type { RunningSp } from '../../simulators/sp/index.ts';

/** The metadata a running simulator serves, read at its listening address (its base URL may be a proxy's). */
async function servedMetadata(listening: string, published: string): Promise<string> {
  const { pathname, search } = new URL(published);
  const res = await fetch(`${listening}${pathname}${search}`);
  if (!res.ok) throw new Error(`${published} answered ${res.status}`);
  return res.text();
}

/**
 * Makes an IdP simulator and the reference SP trust each other's metadata, as served: what a
 * person would do with POST /__accord/peers both ways.
 */
export async function trustEachOther(idp: RunningIdpSimulator, sp: RunningSp): Promise<void> {
  idp.simulator.context.peers.add(await servedMetadata(sp.url, sp.info.metadataUrl));
  sp.simulator.context.peers.add(await servedMetadata(idp.url, idp.info.metadataUrl));
}
