import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

const UNIT = join(import.meta.dirname, '../unit');

/**
 * Runs every `count`-th unit test file, from the `index`-th, in this one process, each file's tests
 * in a suite of its own (its top-level hooks stay its own). One process per file, as `node --test`
 * gives, paid about two CPU-seconds per file for Node, tsx and the imports, over a hundred files:
 * `npm test` runs the unit tests in a few such shards instead.
 */
export function unitShard(index: number, count: number): void {
  const files = readdirSync(UNIT)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .filter((_, i) => i % count === index);
  for (const f of files) describe(f, () => import(pathToFileURL(join(UNIT, f)).href));
}
