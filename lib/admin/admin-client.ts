import type { TraceEntry } from '../trace/types.ts';
import { type Health, type TestUser, TRACE_NEXT_HEADER } from './protocol.ts';

/**
 * What every simulator's `/__accord` admin API answers, whatever its protocol and role: health,
 * trace, test users. The typed client of each simulator kind extends it.
 */
export class AdminClient {
  constructor(readonly baseUrl: string) {}

  protected async call<T>(path: string, init?: RequestInit): Promise<T> {
    const url = `${this.baseUrl.replace(/\/$/, '')}/__accord${path}`;
    const res = await fetch(url, init);
    const text = await res.text();
    if (!res.ok)
      throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A JSON body sent with `method`. */
  protected send<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
    return this.call(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  health(): Promise<Health> {
    return this.call('/health');
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

  testUsers(): Promise<TestUser[]> {
    return this.call('/test-users');
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
