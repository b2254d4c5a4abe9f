import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` with `content` written to a file named `name` in a directory of its own, for a hook
 * that reads a file ({metadata_file}, {ca_file}); the directory is removed afterwards.
 */
export async function withTempFile<T>(
  name: string,
  content: string,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  try {
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
