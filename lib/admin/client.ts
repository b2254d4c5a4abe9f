import type { TargetNameId } from '../target/types.ts';
import { AdminClient } from './admin-client.ts';
import type {
  IdpInfo,
  IssuedLogoutRequest,
  LogoutRequestOrder,
  ResponsePlan,
  RolloverState,
  SpInfo,
} from './protocol.ts';

/** Typed client of a SAML simulator's `/__accord` admin API; works for simulators anywhere on the network. */
export class SimulatorClient extends AdminClient {
  info<T extends IdpInfo | SpInfo>(): Promise<T> {
    return this.call('/info');
  }

  /** `nameId`: for an IdP simulator, the NameID this SP needs (its target profile's `nameId`). */
  trustPeer(metadataXml: string, nameId?: TargetNameId): Promise<{ entityId: string }> {
    const q = new URLSearchParams();
    if (nameId) q.set('nameIdFormat', nameId.format);
    if (nameId?.from) q.set('nameIdFrom', nameId.from);
    return this.call(q.size ? `/peers?${q}` : '/peers', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: metadataXml,
    });
  }

  planFlow(flowId: string, plan: ResponsePlan): Promise<unknown> {
    return this.send('PUT', `/flows/${encodeURIComponent(flowId)}`, plan);
  }

  /** IdP only: the signing keyring. */
  rollover(): Promise<RolloverState> {
    return this.call('/rollover');
  }

  /** IdP only: publishes a next signing key beside the current one (a fresh one, or the newest retired). */
  prepareNextKey(from: 'new' | 'retired' = 'new'): Promise<RolloverState> {
    return this.call(`/rollover/next?from=${from}`, { method: 'POST' });
  }

  /** IdP only: abandons a rollover before its promotion (the next key leaves the metadata and is deleted). */
  cancelNextKey(): Promise<RolloverState> {
    return this.call('/rollover/next', { method: 'DELETE' });
  }

  /** IdP only: the next key signs from now on; the current one is retired and leaves the metadata. */
  promoteNextKey(): Promise<RolloverState> {
    return this.call('/rollover/promote', { method: 'POST' });
  }

  /** IdP only: forgets the retired keys. */
  dropRetiredKeys(): Promise<RolloverState> {
    return this.call('/rollover/retired', { method: 'DELETE' });
  }

  /** IdP only: a signed IdP-initiated LogoutRequest, which the caller delivers through a browser. */
  issueLogoutRequest(order: LogoutRequestOrder): Promise<IssuedLogoutRequest> {
    return this.send('POST', '/logout-requests', order);
  }
}
