import { readFileSync } from 'node:fs';

/** The version of the Accord that judges, from its package.json: every report says which Accord spoke. */
export function accordVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}
