import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_KEYSTORE_DIR } from '../../lib/pki/keystore.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A keystore of its own for one `accord run` of the tests: a copy of the project's, so that the
 * simulators start with the keys they always have (no key to generate), while the runs that roll
 * keys over (the default run, the defect matrix, the interop runs) go side by side under
 * `npm test` without moving each other's keys on disk, and none leaves a changed key behind.
 */
export function runKeystore(): { dir: string; dispose(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'accord-run-keys-'));
  const dir = join(parent, 'keys');
  const shared = resolve(ROOT, process.env.ACCORD_KEYSTORE ?? DEFAULT_KEYSTORE_DIR);
  if (existsSync(shared)) cpSync(shared, dir, { recursive: true });
  return { dir, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}
