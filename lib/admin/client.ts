import type { TargetNameId } from '../target/types.ts';
import { AdminClient } from './admin-client.ts';
import type { IdpInfo, IssuedLogoutRequest, LogoutRequestOrder, ResponsePlan, SpInfo } from './protocol.ts';

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

  /** IdP only: a signed IdP-initiated LogoutRequest, which the caller delivers through a browser. */
  issueLogoutRequest(order: LogoutRequestOrder): Promise<IssuedLogoutRequest> {
    return this.send('POST', '/logout-requests', order);
  }
}
