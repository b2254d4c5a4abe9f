import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { idpMetadataUrl } from '../../admin/idp-metadata-query.ts';
import { fillTemplate } from '../../target/template.ts';
import type { TargetProfile } from '../../target/types.ts';
import { isAsserting } from '../roles.ts';

const run = promisify(execFile);

/**
 * The metadata a target is to be given, from the URL the counterpart publishes it at: an SP target
 * gets IdP metadata offering only the SSO bindings its profile asks for (exchange.ssoBindings).
 */
export function counterpartMetadataUrl(profile: TargetProfile, metadataUrl: string): string {
  return isAsserting(profile.role) ? metadataUrl : idpMetadataUrl(metadataUrl, profile.exchange?.ssoBindings);
}

/**
 * Hands the counterpart's metadata to a target the way its profile says (exchange.post, .command or
 * .manual), so the target trusts the simulator: when a run starts, and whenever a suite has the
 * counterpart publish new metadata (certificate renewal). `metadataUrl` is where the counterpart
 * publishes it; `vars` fill the profile's templates.
 */
export async function exchangeMetadata(
  profile: TargetProfile,
  vars: Record<string, string>,
  metadataUrl: string,
): Promise<string> {
  const handedUrl = counterpartMetadataUrl(profile, metadataUrl);
  const res = await fetch(handedUrl);
  const xml = await res.text();
  if (!res.ok) {
    throw new Error(
      `${profile.file}: the counterpart's metadata ${handedUrl} answered ${res.status}: ${xml.slice(0, 300)}`,
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
      metadata_url: handedUrl,
    });
    try {
      await run('/bin/sh', ['-c', cmd], {
        env: { ...process.env, ACCORD_PEER_METADATA: file, ACCORD_PEER_METADATA_URL: handedUrl },
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
  return `manual: give the target ${handedUrl}`;
}
