import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { findPeer } from '../shared/registry.ts';
import { SHIBBOLETH_PEER } from './start-shibboleth.ts';

/** Where the LocalDynamic metadata provider looks for an entity: the SHA-1 of its entityID, in hex. */
export function localDynamicFile(dir: string, entityId: string): string {
  return join(dir, 'idp', `${createHash('sha1').update(entityId).digest('hex')}.xml`);
}

/**
 * Makes the Shibboleth peer at `baseUrl` trust one more IdP. Its metadata becomes a file of the
 * LocalDynamic provider, which shibd reads at the first login naming that entityID, so no restart
 * is needed and several IdPs are trusted at once. The hook then starts a login with that IdP and
 * requires shibd to send the browser to the IdP's SingleSignOnService: an IdP whose metadata shibd
 * refused (it validates metadata against its schemas) fails here, with shibd's own words.
 */
export async function trustIdpInShibboleth(baseUrl: string, metadataXml: string): Promise<string> {
  const peer = findPeer(baseUrl, SHIBBOLETH_PEER);
  const md = parseMetadata(metadataXml, 'IdP metadata for Shibboleth SP');
  if (!md.idp) throw new Error(`${md.entityId}: the metadata has no IDPSSODescriptor`);
  const file = localDynamicFile(peer.dir, md.entityId);
  const log = join(peer.dir, 'logs', 'shibd.log');
  const logSize = existsSync(log) ? statSync(log).size : 0;
  writeFileSync(file, metadataXml, { mode: 0o644 });

  const login = `${peer.baseUrl}/Shibboleth.sso/Login?${new URLSearchParams({ entityID: md.entityId, target: `${peer.baseUrl}/protected/echo` })}`;
  const res = await fetch(login, { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  const ssoLocations = md.idp.ssoServices.map((s) => s.location);
  const sentToIdp = ssoLocations.some((l) => location.startsWith(l));
  // A POST binding answers 200 with an auto-submitting form to the IdP.
  const body = res.status === 200 ? await res.text() : '';
  const postedToIdp = ssoLocations.some((l) => body.includes(`action="${l}"`));
  if (!sentToIdp && !postedToIdp) {
    const newLog = existsSync(log) ? readFileSync(log).subarray(logSize).toString('utf8') : '';
    const said = newLog
      .split('\n')
      .filter((l) => /\b(WARN|ERROR|CRIT)\b/.test(l))
      .slice(-10);
    throw new Error(
      `Shibboleth SP did not start a login with ${md.entityId} after its metadata was written to ${file} ` +
        `(GET /Shibboleth.sso/Login answered ${res.status}${location ? ` to ${location}` : ''}); shibd said:\n${said.join('\n') || '(nothing)'}`,
    );
  }
  return `${md.entityId} trusted by Shibboleth SP at ${peer.baseUrl}`;
}
