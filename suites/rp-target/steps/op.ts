import type { OpInfo } from '../../../lib/admin/oidc-protocol.ts';
import { OpClient } from '../../../lib/admin/op-client.ts';
import type { OidcDescriptor } from '../../../lib/protocol/oidc/adapter.ts';
import type { Accord } from '../../fixtures/index.ts';

const infos = new Map<string, Promise<OpInfo>>();

/** The OP simulator the RP target meets, through its admin API. */
export function op(accord: Accord): OpClient {
  return new OpClient(accord.runtime.counterpart.url);
}

/** Where the OP publishes what (issuer, endpoints, the mismatched discovery document), asked once per worker. */
export function opInfo(accord: Accord): Promise<OpInfo> {
  const url = accord.runtime.counterpart.url;
  let info = infos.get(url);
  if (!info) {
    info = op(accord).info();
    infos.set(url, info);
  }
  return info;
}

/** The client the target is registered as at the OP: its profile's registration, filled. */
export function registration(accord: Accord): OidcDescriptor {
  if (accord.profile.protocol !== 'oidc') throw new Error(`${accord.profile.name} is no OIDC target`);
  return accord.descriptor as OidcDescriptor;
}
