import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The account Apache's children (and so CGI scripts and PHP) run as. Apache refuses to serve as
 * root, so a root caller hands the children to www-data; anyone else keeps their own account.
 */
export interface WorkerAccount {
  user: string;
  group: string;
  uid: number;
  gid: number;
}

export function workerAccount(): WorkerAccount {
  if (process.getuid?.() !== 0) {
    const me = userInfo();
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    return { user: me.username, group, uid: me.uid, gid: me.gid };
  }
  const uid = Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' }).trim());
  return { user: 'www-data', group: 'www-data', uid, gid };
}

/** A fresh folder under the system temp dir for one peer instance. */
export function makeRunDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `accord-interop-${prefix}-`));
  // mkdtemp makes it 0700: the worker account must be able to walk into it.
  chmodSync(dir, 0o755);
  return dir;
}

export function ensureDir(path: string, mode = 0o755): string {
  mkdirSync(path, { recursive: true, mode });
  chmodSync(path, mode);
  return path;
}

/** Gives a tree to the worker account, for the folders PHP or Apache's children write into or read keys from. */
export function handToWorker(path: string, account: WorkerAccount): void {
  if (process.getuid?.() !== 0) return;
  chownSync(path, account.uid, account.gid);
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) handToWorker(join(path, entry), account);
  }
}
