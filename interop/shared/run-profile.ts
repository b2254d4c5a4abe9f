import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A copy of a shipped target profile for a peer started on another port: the same profile with
 * `baseUrl` set to where the peer really listens, written to a temp folder (or `dir`). The shipped
 * file keeps its documented default port, for people who start the peer by hand.
 */
export function writeRunProfile(shipped: string, baseUrl: string, dir?: string): string {
  const doc = parse(readFileSync(shipped, 'utf8')) as Record<string, unknown>;
  if (doc.builtin) throw new Error(`${shipped}: a built-in target has no baseUrl to move`);
  doc.baseUrl = baseUrl;
  const metadata = doc.metadata as { file?: string } | undefined;
  if (metadata?.file && !isAbsolute(metadata.file)) metadata.file = resolve(dirname(shipped), metadata.file);
  const out = dir ?? mkdtempSync(join(tmpdir(), 'accord-interop-profile-'));
  const file = join(out, basename(shipped));
  writeFileSync(
    file,
    `# ${shipped} with baseUrl ${baseUrl}, for one run.\n${stringify(doc, { lineWidth: 0 })}`,
  );
  return file;
}
