import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export const DEFAULT_STATE_FILE = '.accord/state.sqlite';

/** Where a simulator keeps what an administrator configured: a file, or memory (tests, `accord run`). */
export type StateLocation = { file: string } | 'memory';

/** The state file `accord sim` and the simulators' main.ts use unless told otherwise. */
export function defaultStateLocation(): StateLocation {
  const env = process.env.ACCORD_STATE;
  if (env === 'memory') return 'memory';
  return { file: env || DEFAULT_STATE_FILE };
}

/** Reads a --state option: "memory", or a file path. */
export function parseStateOption(value: string | undefined): StateLocation {
  if (value === undefined) return defaultStateLocation();
  if (value === 'memory' || value === ':memory:') return 'memory';
  if (value.trim() === '') throw new Error('--state: expected a file path or "memory"');
  return { file: value };
}

/*
 * Each migration runs once, in order, in a transaction; PRAGMA user_version counts those applied.
 * Later state (routing rules, certificates) is a new migration at the end, never an edit above.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE peers (
     owner TEXT NOT NULL,
     entity_id TEXT NOT NULL,
     position INTEGER NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (owner, entity_id)
   ) WITHOUT ROWID;
   CREATE TABLE users (
     owner TEXT NOT NULL,
     id TEXT NOT NULL,
     email TEXT NOT NULL,
     record TEXT NOT NULL,
     UNIQUE (owner, id)
   );
   CREATE UNIQUE INDEX users_by_email ON users (owner, email);`,
];

export type StateDb = Database.Database;

/**
 * Opens (creating) the simulators' state database. WAL with synchronous=NORMAL: a commit has
 * reached the operating system before it returns, so it survives the process being killed (kill -9)
 * and the file is never left half-written; only a power loss may lose the last commits. A
 * busy timeout lets two processes share one file.
 */
export function openStateDb(location: StateLocation): StateDb {
  const file = location === 'memory' ? ':memory:' : location.file;
  if (location !== 'memory') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  if (location !== 'memory') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

function migrate(db: StateDb): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > MIGRATIONS.length) {
    throw new Error(
      `state database ${db.name} was written by a newer Accord (schema ${applied}, this one knows ${MIGRATIONS.length})`,
    );
  }
  for (let v = applied; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
