/**
 * The exchange hook of the interop target profiles: makes a running peer trust the counterpart
 * whose metadata Accord saved to a file.
 *
 *   node --import tsx interop/trust.ts <peer> <peer base URL> <metadata file>
 *
 * (Accord runs it with {base_url} and {metadata_file} filled; ACCORD_PEER_METADATA is used when
 * the file argument is absent.)
 */
import { readFileSync } from 'node:fs';
import { peerKind } from './peers.ts';

async function main(argv: string[]): Promise<void> {
  const [name, baseUrl, file = process.env.ACCORD_PEER_METADATA] = argv;
  if (!name || !baseUrl || !file) {
    throw new Error('usage: node --import tsx interop/trust.ts <peer> <peer base URL> <metadata file>');
  }
  const message = await peerKind(name).trust(baseUrl, readFileSync(file, 'utf8'));
  process.stdout.write(`${message}\n`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`interop/trust: ${e.message}\n`);
  process.exit(1);
});
