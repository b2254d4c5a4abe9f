import type { StateDb } from './state-db.ts';

export interface StoredUser {
  id: string;
  email: string;
  alternateEmails: string[];
}

/**
 * One organisation's users in the state database. The email is unique per organisation, so two
 * first sign-ins of one new user at once (in one process or two) store one user, not two.
 */
export class UserStore<U extends StoredUser> {
  private readonly stmt;

  constructor(
    db: StateDb,
    private readonly owner: string,
  ) {
    this.stmt = {
      byUid: db.prepare<[string, string, string], { record: string }>(
        `SELECT record FROM users WHERE owner = ? AND (email = ? OR EXISTS (
           SELECT 1 FROM json_each(users.record, '$.alternateEmails') WHERE value = ?))
         ORDER BY rowid LIMIT 1`,
      ),
      byEmail: db.prepare<[string, string], { record: string }>(
        'SELECT record FROM users WHERE owner = ? AND email = ?',
      ),
      first: db.prepare<[string], { record: string }>(
        'SELECT record FROM users WHERE owner = ? ORDER BY rowid LIMIT 1',
      ),
      list: db.prepare<[string], { record: string }>(
        'SELECT record FROM users WHERE owner = ? ORDER BY rowid',
      ),
      insert: db.prepare<[string, string, string, string]>(
        'INSERT INTO users (owner, id, email, record) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      save: db.prepare<[string, string, string, string]>(
        'UPDATE users SET email = ?, record = ? WHERE owner = ? AND id = ?',
      ),
    };
  }

  /** The user whose email or one of whose alternate emails is exactly `uid`. */
  findByUid(uid: string): U | undefined {
    return this.read(this.stmt.byUid.get(this.owner, uid, uid));
  }

  /** Stores the user unless one with that email exists; either way, the stored user. */
  insertIfAbsent(user: U): U {
    this.stmt.insert.run(this.owner, user.id, user.email, JSON.stringify(user));
    return this.read(this.stmt.byEmail.get(this.owner, user.email))!;
  }

  save(user: U): void {
    this.stmt.save.run(user.email, JSON.stringify(user), this.owner, user.id);
  }

  first(): U | undefined {
    return this.read(this.stmt.first.get(this.owner));
  }

  list(): U[] {
    return this.stmt.list.all(this.owner).map((r) => JSON.parse(r.record) as U);
  }

  private read(row: { record: string } | undefined): U | undefined {
    return row ? (JSON.parse(row.record) as U) : undefined;
  }
}
