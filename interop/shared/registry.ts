import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Running peers, by address. A profile's exchange command only knows {base_url}; this is how it
 * finds the folder of the peer behind it. Records live in the temp dir and are keyed by port, so
 * a stale one is overwritten by the next peer on that port and ignored once its process is gone.
 */
export interface PeerRecord {
  peer: string;
  baseUrl: string;
  dir: string;
  pid: number;
}

const REGISTRY = join(tmpdir(), 'accord-interop');

function recordFile(baseUrl: string): string {
  const u = new URL(baseUrl);
  return join(REGISTRY, `${u.hostname}-${u.port || (u.protocol === 'https:' ? 443 : 80)}.json`);
}

export function registerPeer(record: PeerRecord): void {
  mkdirSync(REGISTRY, { recursive: true, mode: 0o700 });
  writeFileSync(recordFile(record.baseUrl), JSON.stringify(record, null, 2), { mode: 0o600 });
}

export function unregisterPeer(baseUrl: string, pid: number): void {
  const file = recordFile(baseUrl);
  if (!existsSync(file)) return;
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as PeerRecord).pid !== pid) return;
  } catch {
    // unreadable: remove it all the same
  }
  rmSync(file, { force: true });
}

/** The recorded process still runs and is still the server of that folder (pids get reused). */
function alive(record: PeerRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0').includes(record.dir);
  } catch {
    return true;
  }
}

export function findPeer(baseUrl: string, peer: string): PeerRecord {
  const file = recordFile(baseUrl);
  const hint = `start it with: node --import tsx interop/start.ts ${peer} --port ${new URL(baseUrl).port}`;
  if (!existsSync(file))
    throw new Error(`no ${peer} peer was started at ${baseUrl} on this machine (${hint})`);
  const record = JSON.parse(readFileSync(file, 'utf8')) as PeerRecord;
  if (record.peer !== peer) throw new Error(`the peer at ${baseUrl} is ${record.peer}, not ${peer}`);
  if (!alive(record)) throw new Error(`the ${peer} peer at ${baseUrl} is no longer running (${hint})`);
  return record;
}
