import type { TargetNameId } from '../target/types.ts';
import type { TraceEntry } from '../trace/types.ts';
import type {
  Health,
  IdpInfo,
  IssuedLogoutRequest,
  LogoutRequestOrder,
  ResponsePlan,
  SpInfo,
  TestUser,
} from './protocol.ts';
import { TRACE_NEXT_HEADER } from './protocol.ts';

/** Typed client of a simulator's `/__accord` admin API; works for simulators anywhere on the network. */
export class SimulatorClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const url = `${this.baseUrl.replace(/\/$/, '')}/__accord${path}`;
    const res = await fetch(url, init);
    const text = await res.text();
    if (!res.ok)
      throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  health(): Promise<Health> {
    return this.call('/health');
  }

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

  /** Every matching entry, asking again where an answer stopped short. */
  async trace(filter: { flowId?: string; since?: number } = {}): Promise<TraceEntry[]> {
    const all: TraceEntry[] = [];
    let since = filter.since;
    for (;;) {
      const q = new URLSearchParams();
      if (filter.flowId) q.set('flow', filter.flowId);
      if (since !== undefined) q.set('since', String(since));
      const url = `${this.baseUrl.replace(/\/$/, '')}/__accord/trace?${q}`;
      const res = await fetch(url);
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
      all.push(...(JSON.parse(text) as TraceEntry[]));
      const next = res.headers.get(TRACE_NEXT_HEADER);
      if (next === null) return all;
      since = Number(next);
    }
  }

  planFlow(flowId: string, plan: ResponsePlan): Promise<unknown> {
    return this.call(`/flows/${encodeURIComponent(flowId)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(plan),
    });
  }

  testUsers(): Promise<TestUser[]> {
    return this.call('/test-users');
  }

  /** IdP only: a signed IdP-initiated LogoutRequest, which the caller delivers through a browser. */
  issueLogoutRequest(order: LogoutRequestOrder): Promise<IssuedLogoutRequest> {
    return this.call('/logout-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
  }

  /** Waits until the simulator answers, for simulators started by someone else. */
  async waitReady(timeoutMs = 15_000): Promise<Health> {
    const end = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < end) {
      try {
        return await this.health();
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(
      `simulator at ${this.baseUrl} not ready after ${timeoutMs} ms: ${(last as Error)?.message}`,
    );
  }
}
