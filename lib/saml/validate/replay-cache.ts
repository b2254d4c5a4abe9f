import type { ReplayCache } from './types.ts';

/** In-memory replay cache: an assertion ID is remembered until its validity (plus skew) has passed. */
export class MemoryReplayCache implements ReplayCache {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly limit = 100_000,
  ) {}

  seen(id: string): boolean {
    const t = this.until.get(id);
    if (t === undefined) return false;
    if (t <= this.clock().getTime()) {
      this.until.delete(id);
      return false;
    }
    return true;
  }

  add(id: string, until: Date): void {
    this.prune();
    this.until.set(id, until.getTime());
  }

  private prune(): void {
    if (this.until.size < this.limit) return;
    const now = this.clock().getTime();
    for (const [id, t] of this.until) if (t <= now) this.until.delete(id);
    // Still full of live entries: drop the oldest insertions rather than grow without bound.
    for (const id of this.until.keys()) {
      if (this.until.size < this.limit) break;
      this.until.delete(id);
    }
  }
}
