import type { Protocol } from '../../../lib/protocol/roles.ts';
import type { CounterpartStarter } from './counterpart-starter.ts';
import { oidcCounterparts } from './oidc.ts';
import { saml2Counterparts } from './saml2.ts';

/** The counterpart starter of every protocol `accord run` can test a target in. */
const STARTERS: { readonly [P in Protocol]?: CounterpartStarter } = {
  saml2: saml2Counterparts,
  oidc: oidcCounterparts,
};

export function counterpartStarterFor(protocol: Protocol): CounterpartStarter {
  const starter = STARTERS[protocol];
  if (!starter) throw new Error(`no counterpart simulator for ${protocol} yet (cli/harness/counterparts/)`);
  return starter;
}
