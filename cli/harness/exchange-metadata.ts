import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { idpMetadataUrl } from '../../lib/admin/idp-metadata-query.ts';
import { fillTemplate, type TargetProfile } from '../../lib/target/index.ts';

const run = promisify(execFile);

/**
 * Hands the counterpart's metadata to a target the way its profile says, so the target trusts the
 * simulator. An SP target gets IdP metadata offering only the SSO bindings its profile asks for.
 */
export async function exchangeMetadata(
  profile: TargetProfile,
  vars: Record<string, string>,
  metadataUrl: string,
): Promise<string> {
  const counterpartMetadataUrl =
    profile.role === 'sp' ? idpMetadataUrl(metadataUrl, profile.exchange?.ssoBindings) : metadataUrl;
  const res = await fetch(counterpartMetadataUrl);
  const xml = await res.text();
  if (!res.ok) {
    throw new Error(
      `${profile.file}: the counterpart's metadata ${counterpartMetadataUrl} answered ${res.status}: ${xml.slice(0, 300)}`,
    );
  }
  const ex = profile.exchange;
  if (ex?.post) {
    const url = fillTemplate(ex.post, vars);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    });
    if (!res.ok) {
      throw new Error(
        `${profile.file}: exchange.post ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    return `posted to ${url}`;
  }
  if (ex?.command) {
    const dir = mkdtempSync(join(tmpdir(), 'accord-md-'));
    const file = join(dir, 'counterpart-metadata.xml');
    writeFileSync(file, xml);
    const cmd = fillTemplate(ex.command, {
      ...vars,
      metadata_file: file,
      metadata_url: counterpartMetadataUrl,
    });
    try {
      await run('/bin/sh', ['-c', cmd], {
        env: { ...process.env, ACCORD_PEER_METADATA: file, ACCORD_PEER_METADATA_URL: counterpartMetadataUrl },
        timeout: 120_000,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`${profile.file}: exchange.command failed: ${err.stderr?.trim() || err.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return `ran ${cmd}`;
  }
  return `manual: give the target ${counterpartMetadataUrl}`;
}
