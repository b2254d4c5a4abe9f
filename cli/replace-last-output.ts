import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const ASIDE_PREFIX = '.replaced-';

/**
 * Takes the last run's `names` out of `outDir` at once and deletes them in the background (with
 * any left aside by a run that was killed): thousands of result files take a moment to delete,
 * and the run need not wait for it before it starts. Resolves when they are gone.
 */
export function replaceLastOutput(outDir: string, names: readonly string[]): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const present = names.filter((n) => existsSync(join(outDir, n)));
  const aside: string[] = readdirSync(outDir)
    .filter((n) => n.startsWith(ASIDE_PREFIX))
    .map((n) => join(outDir, n));
  if (present.length > 0) {
    const dir = mkdtempSync(join(outDir, ASIDE_PREFIX));
    aside.push(dir);
    for (const n of present) {
      try {
        renameSync(join(outDir, n), join(dir, n));
      } catch {
        rmSync(join(outDir, n), { recursive: true, force: true });
      }
    }
  }
  return Promise.all(aside.map((d) => rm(d, { recursive: true, force: true }).catch(() => undefined))).then(
    () => undefined,
  );
}
