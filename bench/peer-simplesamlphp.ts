import type { LoadResult } from './load.ts';

/** SimpleSAMLphp's IdP, same method; undefined when it is not installed. */
export async function benchSimpleSamlPhp(
  _durationMs: number,
): Promise<(LoadResult & { version: string }) | undefined> {
  return undefined;
}
