import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `work` once for `key` across every worker of the run: the first worker to claim the key
 * runs it and writes its result under `dir`; the others wait for that file. A worker that waited
 * `waitMs` in vain (the claimant died) runs the work itself rather than hang.
 */
export async function sharedOnce<T>(
  dir: string,
  key: string,
  work: () => Promise<T>,
  waitMs: number,
): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const name = createHash('sha256').update(key).digest('hex').slice(0, 24);
  const result = join(dir, `${name}.json`);
  const claim = join(dir, `${name}.claim`);
  const read = () => JSON.parse(readFileSync(result, 'utf8')) as T;
  if (existsSync(result)) return read();
  let claimed = false;
  try {
    closeSync(openSync(claim, 'wx'));
    claimed = true;
  } catch {}
  if (claimed) {
    const value = await work();
    // Written whole, then renamed: a waiting worker never reads half a file.
    writeFileSync(`${result}.tmp`, JSON.stringify(value));
    renameSync(`${result}.tmp`, result);
    return value;
  }
  for (const end = Date.now() + waitMs; Date.now() < end; ) {
    if (existsSync(result)) return read();
    await sleep(200);
  }
  return work();
}
