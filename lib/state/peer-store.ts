import type { StateDb } from './state-db.ts';

/** Trusted peers one simulator keeps; enough for any lab, small enough that listing them stays cheap. */
export const MAX_PEERS = 500;

export class PeerLimitError extends Error {
  constructor(readonly limit: number) {
    super(
      `already ${limit} trusted peers, the limit (maxPeers): DELETE /__accord/peers?entityId=… one before adding another`,
    );
    this.name = 'PeerLimitError';
  }
}

/**
 * The peers one simulator trusts, by entityID, in the state database. Trusting a known entityID
 * again replaces its record and keeps its place in the list.
 */
export class PeerStore<T> {
  private readonly stmt;

  constructor(
    db: StateDb,
    private readonly owner: string,
    private readonly max = MAX_PEERS,
  ) {
    this.stmt = {
      get: db.prepare<[string, string], { record: string }>(
        'SELECT record FROM peers WHERE owner = ? AND entity_id = ?',
      ),
      first: db.prepare<[string], { record: string }>(
        'SELECT record FROM peers WHERE owner = ? ORDER BY position LIMIT 1',
      ),
      list: db.prepare<[string], { record: string }>(
        'SELECT record FROM peers WHERE owner = ? ORDER BY position',
      ),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM peers WHERE owner = ?'),
      upsert: db.prepare<[string, string, string, string]>(
        `INSERT INTO peers (owner, entity_id, position, record)
         VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM peers WHERE owner = ?), ?)
         ON CONFLICT (owner, entity_id) DO UPDATE SET record = excluded.record`,
      ),
      delete: db.prepare<[string, string]>('DELETE FROM peers WHERE owner = ? AND entity_id = ?'),
    };
    this.put = db.transaction(this.put.bind(this));
  }

  /** Stores the peer; throws PeerLimitError when it is new and the store is full. */
  put(entityId: string, record: T): void {
    if (!this.stmt.get.get(this.owner, entityId) && this.count() >= this.max) {
      throw new PeerLimitError(this.max);
    }
    this.stmt.upsert.run(this.owner, entityId, this.owner, JSON.stringify(record));
  }

  get(entityId: string): T | undefined {
    const row = this.stmt.get.get(this.owner, entityId);
    return row ? (JSON.parse(row.record) as T) : undefined;
  }

  /** The peer trusted first. */
  first(): T | undefined {
    const row = this.stmt.first.get(this.owner);
    return row ? (JSON.parse(row.record) as T) : undefined;
  }

  list(): T[] {
    return this.stmt.list.all(this.owner).map((r) => JSON.parse(r.record) as T);
  }

  count(): number {
    return this.stmt.count.get(this.owner)?.n ?? 0;
  }

  delete(entityId: string): boolean {
    return this.stmt.delete.run(this.owner, entityId).changes > 0;
  }
}
