import type { Keystore } from '../../lib/pki/index.ts';
import type { Scenario } from '../../lib/scenario/index.ts';
import { listenHost } from '../shared/listen.ts';
import type { SsoBindings } from './context.ts';
import { createIdpSimulator } from './create-idp-simulator.ts';

/**
 * The metadata the IdP simulator of `scenario` serves once it listens on `port`: made by the same
 * simulator code from the same persistent key, without starting it, so a product that needs IdP
 * metadata before it can start is given exactly what the run will serve.
 */
export function publishedIdpMetadata(opts: {
  scenario: Scenario;
  keystore: Keystore;
  port: number;
  ssoBindings?: SsoBindings;
}): string {
  const sim = createIdpSimulator({
    scenario: opts.scenario,
    keystore: opts.keystore,
    name: `idp-${opts.scenario.id}`,
  });
  try {
    sim.setBaseUrl(`http://${listenHost()}:${opts.port}`);
    return sim.context.metadataXml(opts.ssoBindings);
  } finally {
    sim.context.state.close();
  }
}
