import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { findPeer } from '../shared/registry.ts';
import { REMOTE_SET, SSP_PEER, type SspRole } from './start-simplesamlphp.ts';

const run = promisify(execFile);
const CONVERTER = join(import.meta.dirname, 'metadata-to-php.php');

/**
 * Makes the SimpleSAMLphp peer at `baseUrl` trust a counterpart: SimpleSAMLphp's own parser turns
 * the XML into a flat-file entry, one file per entityID under metadata/<set>.d/. SimpleSAMLphp
 * reads metadata files on every request, so no restart is needed.
 */
export async function trustPeerInSimpleSamlPhp(
  role: SspRole,
  baseUrl: string,
  metadataXml: string,
): Promise<string> {
  const peer = findPeer(baseUrl, SSP_PEER[role]);
  const md = parseMetadata(metadataXml, `metadata for SimpleSAMLphp ${role}`);
  if (role === 'idp' && !md.sp) throw new Error(`${md.entityId}: the metadata has no SPSSODescriptor`);
  if (role === 'sp' && !md.idp) throw new Error(`${md.entityId}: the metadata has no IDPSSODescriptor`);
  const set = REMOTE_SET[role];
  const scratch = mkdtempSync(join(tmpdir(), 'accord-ssp-md-'));
  try {
    const xmlFile = join(scratch, 'metadata.xml');
    writeFileSync(xmlFile, metadataXml);
    const { stdout } = await run('/usr/bin/php', [CONVERTER, xmlFile, set], {
      env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: join(peer.dir, 'config') },
    }).catch((e: { stderr?: string; stdout?: string; message: string }) => {
      throw new Error(
        `SimpleSAMLphp could not convert the metadata of ${md.entityId}: ${e.stderr?.trim() || e.stdout?.trim() || e.message}`,
      );
    });
    // A file name of its own for each version: PHP's opcache revalidates a rewritten file only every
    // few seconds and would serve the old one meanwhile, while a new name is read at once.
    const dir = join(peer.dir, 'config', 'metadata', `${set}.d`);
    const entity = createHash('sha256').update(md.entityId).digest('hex').slice(0, 24);
    const version = createHash('sha256').update(stdout).digest('hex').slice(0, 12);
    const file = join(dir, `${entity}-${version}.php`);
    writeFileSync(file, stdout, { mode: 0o644 });
    await run('/usr/bin/php', ['-l', file]).catch((e: { stdout?: string; message: string }) => {
      rmSync(file, { force: true });
      throw new Error(
        `the converted metadata of ${md.entityId} is not valid PHP: ${e.stdout?.trim() || e.message}`,
      );
    });
    for (const old of readdirSync(dir))
      if (old.startsWith(`${entity}`) && join(dir, old) !== file) rmSync(join(dir, old), { force: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return `${md.entityId} trusted by SimpleSAMLphp ${role} at ${peer.baseUrl} (${set})`;
}
