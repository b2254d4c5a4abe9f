import { SimulatorClient } from './client.ts';
import type {
  BackchannelLogoutOrder,
  BackchannelLogoutResult,
  JwksState,
  OidcClientRegistration,
  OpInfo,
  TokenPlan,
} from './oidc-protocol.ts';

const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Typed client of the OP simulator's admin API (lib/admin/oidc-protocol.ts), wherever it runs. */
export class OpSimulatorClient extends SimulatorClient {
  opInfo(): Promise<OpInfo> {
    return this.call('/info');
  }

  registerClient(registration: OidcClientRegistration): Promise<{ clientId: string }> {
    return this.call('/clients', { method: 'POST', ...json(registration) });
  }

  /** The forgery (or claims) for the authorizations of `flowId` from now on. */
  planTokens(flowId: string, plan: TokenPlan): Promise<void> {
    return this.call(`/flows/${encodeURIComponent(flowId)}`, { method: 'PUT', ...json(plan) });
  }

  keys(): Promise<JwksState> {
    return this.call('/keys');
  }

  rotateKeys(): Promise<JwksState> {
    return this.call('/keys/rotate', { method: 'POST' });
  }

  backchannelLogout(order: BackchannelLogoutOrder): Promise<BackchannelLogoutResult> {
    return this.call('/backchannel-logout', { method: 'POST', ...json(order) });
  }
}
