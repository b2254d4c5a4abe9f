import type { ProtocolAdapter } from './adapter.ts';
import { oidcAdapter } from './oidc/adapter.ts';
import type { Protocol } from './roles.ts';
import { saml2Adapter } from './saml2/adapter.ts';

/** The adapter of every protocol Accord can test a target in. */
const ADAPTERS: { readonly [P in Protocol]?: ProtocolAdapter } = {
  saml2: saml2Adapter,
  oidc: oidcAdapter,
};

export function adapterFor(protocol: Protocol): ProtocolAdapter {
  const adapter = ADAPTERS[protocol];
  if (!adapter) throw new Error(`no protocol adapter for ${protocol} yet (lib/protocol/adapters.ts)`);
  return adapter;
}
