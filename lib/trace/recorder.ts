import { clipEntry, type TraceClipLimits } from './clip-entry.ts';
import type { TraceEntry } from './types.ts';

export interface TraceLimits extends TraceClipLimits {
  /** Most bytes (as JSON) all kept entries may take together; the oldest go first. */
  maxBytes: number;
  /** Most entries kept, whatever their size. */
  maxEntries: number;
  /** Most bytes one answer of the admin API carries; a client asks again from where it stopped. */
  maxAnswerBytes: number;
}

export const DEFAULT_TRACE_LIMITS: TraceLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 5000,
  // An incoming message is anyone's bytes: enough to read what it was, not a place to store data.
  maxInFieldBytes: 64 * 1024,
  // What a simulator sent is evidence the suites re-read whole; its builders cap it well below this.
  maxOutFieldBytes: 512 * 1024,
  maxInfoBytes: 64 * 1024,
  maxAnswerBytes: 1024 * 1024,
};

/**
 * A ring buffer of what a simulator saw, bounded in entries and in bytes: a long-running simulator
 * under hostile traffic keeps the newest messages and a fixed amount of memory. Large fields are
 * clipped with a note saying how much was not kept.
 */
export class TraceRecorder {
  private entries: Array<{ entry: TraceEntry; json: string }> = [];
  private head = 0;
  private bytes = 0;
  private seq = 0;
  readonly limits: TraceLimits;

  constructor(
    readonly observer: string,
    limits: Partial<TraceLimits> = {},
  ) {
    this.limits = { ...DEFAULT_TRACE_LIMITS, ...limits };
  }

  record(entry: Omit<TraceEntry, 'seq' | 'at' | 'observer'>): TraceEntry {
    const kept = clipEntry(
      { seq: ++this.seq, at: new Date().toISOString(), observer: this.observer, ...entry },
      this.limits,
    );
    this.entries.push(kept);
    this.bytes += kept.json.length;
    while (
      this.entries.length - this.head > 1 &&
      (this.bytes > this.limits.maxBytes || this.entries.length - this.head > this.limits.maxEntries)
    ) {
      this.bytes -= this.entries[this.head].json.length;
      this.head++;
    }
    // Compacted now and then, not per entry: shifting the array on every message was quadratic.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return kept.entry;
  }

  private *matching(filter: { flow?: string; since?: number }) {
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (filter.flow !== undefined && e.entry.flow !== filter.flow) continue;
      if (filter.since !== undefined && e.entry.seq <= filter.since) continue;
      yield e;
    }
  }

  /**
   * The entries as the admin API sends them: a JSON array built from each entry's kept JSON, so
   * answering costs no serializing, and at most maxAnswerBytes of it (always one entry at least).
   * `next` is the seq to ask again `since`, when more entries matched than fitted.
   */
  answer(filter: { flow?: string; since?: number } = {}): { json: string; next?: number } {
    const parts: string[] = [];
    let size = 2;
    let last: number | undefined;
    for (const e of this.matching(filter)) {
      if (last !== undefined && size + e.json.length + 1 > this.limits.maxAnswerBytes) {
        return { json: `[${parts.join(',')}]`, next: last };
      }
      parts.push(e.json);
      size += e.json.length + 1;
      last = e.entry.seq;
    }
    return { json: `[${parts.join(',')}]` };
  }

  query(filter: { flow?: string; since?: number } = {}): TraceEntry[] {
    return [...this.matching(filter)].map((e) => e.entry);
  }

  /** What the kept entries take, for tests and the README's numbers. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.length - this.head, bytes: this.bytes };
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
  }
}

/** Cookie the suites set on every simulator origin so all entries of one browser flow correlate. */
export const FLOW_COOKIE = 'accord-flow';

/** Longer flow ids are not ours: the suites make short ones. */
export const MAX_FLOW_ID_LENGTH = 200;

/**
 * The flow id from a Cookie header, or undefined when absent. A malformed or oversized value is
 * someone else's cookie, not a reason to refuse the request: it is ignored.
 */
export function flowFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== FLOW_COOKIE) continue;
    const raw = v.join('=');
    if (raw.length > 3 * MAX_FLOW_ID_LENGTH) return undefined;
    try {
      const flow = decodeURIComponent(raw);
      return flow.length <= MAX_FLOW_ID_LENGTH ? flow : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
