import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export interface TempWorkspace {
  dir: string;
  /** Writes `text` to `name` inside the workspace and returns the file's path. */
  write(name: string, text: string): string;
}

/** A temporary folder removed when the test file ends, for tests that feed files to loaders. */
export function tempWorkspace(prefix: string): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), `accord-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, text) {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}
