import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { gracefulRestart } from '../shared/apache.ts';
import { findPeer } from '../shared/registry.ts';
import { MELLON_PEER } from './start-mellon.ts';

/**
 * Makes the mellon peer at `baseUrl` trust one more IdP: its metadata becomes a file matched by
 * MellonIdPMetadataGlob (one per entityID, so a re-run replaces it) and Apache restarts gracefully,
 * because mellon reads IdP metadata only when it builds its SP. Several IdPs may be trusted at
 * once; a login picks one with /mellon/login?IdP=<entityID>.
 */
export async function trustIdpInMellon(baseUrl: string, metadataXml: string): Promise<string> {
  const peer = findPeer(baseUrl, MELLON_PEER);
  const md = parseMetadata(metadataXml, 'IdP metadata for mod_auth_mellon');
  if (!md.idp) throw new Error(`${md.entityId}: the metadata has no IDPSSODescriptor`);
  const file = join(
    peer.dir,
    'idp',
    `${createHash('sha256').update(md.entityId).digest('hex').slice(0, 24)}.xml`,
  );
  writeFileSync(file, metadataXml, { mode: 0o644 });
  rmSync(join(peer.dir, 'idp', '00-placeholder.xml'), { force: true });

  const errorLog = join(peer.dir, 'logs', 'error.log');
  const logSize = existsSync(errorLog) ? statSync(errorLog).size : 0;
  await gracefulRestart({ dir: peer.dir, pid: peer.pid, baseUrl: peer.baseUrl, name: 'mod_auth_mellon' });
  // Building the SP (which the metadata page needs) loads every IdP file: lasso's verdict lands in the error log.
  const res = await fetch(`${peer.baseUrl}/mellon/metadata`);
  const newLog = existsSync(errorLog) ? readFileSync(errorLog).subarray(logSize).toString('utf8') : '';
  const refused = newLog.split('\n').filter((l) => l.includes(file) || /Error adding (IdP|metadata)/.test(l));
  if (!res.ok || refused.length > 0) {
    throw new Error(
      `mod_auth_mellon did not load the metadata of ${md.entityId} (metadata page answered ${res.status}):\n${refused.join('\n')}`,
    );
  }
  return `${md.entityId} trusted by mod_auth_mellon at ${peer.baseUrl}`;
}
