import { AdminClient } from './admin-client.ts';
import type {
  BackchannelLogoutOrder,
  BackchannelLogoutResult,
  JwksState,
  OidcClientRegistration,
  OpInfo,
  TokenPlan,
} from './oidc-protocol.ts';

/** Typed client of the OP simulator's `/__accord` admin API (oidc-protocol.ts), for the harness and the suites. */
export class OpClient extends AdminClient {
  info(): Promise<OpInfo> {
    return this.call('/info');
  }

  /** Registers the client, or replaces the registration of the same client id. */
  registerClient(registration: OidcClientRegistration): Promise<{ clientId: string }> {
    return this.send('POST', '/clients', registration);
  }

  /** The misbehaviour of the next authorization of `flowId`. */
  async planFlow(flowId: string, plan: TokenPlan): Promise<void> {
    await this.send('PUT', `/flows/${encodeURIComponent(flowId)}`, plan);
  }

  keys(): Promise<JwksState> {
    return this.call('/keys');
  }

  rotateKeys(): Promise<JwksState> {
    return this.call('/keys/rotate', { method: 'POST' });
  }

  /** Has the OP send a logout token for the session of `order.flow` to the client's back-channel logout URI. */
  backchannelLogout(order: BackchannelLogoutOrder): Promise<BackchannelLogoutResult> {
    return this.send('POST', '/backchannel-logout', order);
  }
}
