import type { TraceEntry } from './types.ts';

/**
 * In-memory, bounded log of what a simulator saw; old entries fall off so a long-running simulator
 * stays small (at most `limit` and an eighth more).
 */
export class TraceRecorder {
  private entries: TraceEntry[] = [];
  private seq = 0;

  constructor(
    readonly observer: string,
    private readonly limit = 5000,
  ) {}

  record(entry: Omit<TraceEntry, 'seq' | 'at' | 'observer'>): TraceEntry {
    const full: TraceEntry = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      observer: this.observer,
      ...entry,
    };
    this.entries.push(full);
    // Trimmed in batches: dropping one entry per record shifted the whole array on every message.
    if (this.entries.length > this.limit + (this.limit >> 3))
      this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  query(filter: { flow?: string; since?: number } = {}): TraceEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.flow === undefined || e.flow === filter.flow) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }

  clear(): void {
    this.entries = [];
  }
}

/** Cookie the suites set on every simulator origin so all entries of one browser flow correlate. */
export const FLOW_COOKIE = 'accord-flow';

export function flowFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === FLOW_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
