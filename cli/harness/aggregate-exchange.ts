import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { counterpartMetadataUrl } from '../../lib/protocol/saml2/exchange-metadata.ts';
import { aggregateMetadata } from '../../lib/saml/metadata/aggregate-metadata.ts';
import type { TargetProfile } from '../../lib/target/index.ts';

export interface HandedCounterpart {
  target: string;
  profile: TargetProfile;
  /** Where the project's counterpart publishes its metadata. */
  descriptorUrl: string;
}

/**
 * For each SAML SP target whose exchange is a command: the metadata of every IdP simulator it
 * meets in this run, as it is handed to it (exchange.ssoBindings applied), in one file. An SP that
 * reads a single metadata file is given them all at each scenario's exchange, so trusting the IdP
 * of one scenario does not drop the one before. Returns the file per target name.
 */
export async function writeAggregates(
  handed: readonly HandedCounterpart[],
  dir: string,
): Promise<Map<string, string>> {
  const byTarget = new Map<string, { profile: TargetProfile; urls: string[] }>();
  for (const h of handed) {
    if (h.profile.protocol !== 'saml2' || h.profile.role !== 'sp' || !h.profile.exchange?.command) continue;
    const entry = byTarget.get(h.target) ?? { profile: h.profile, urls: [] };
    entry.urls.push(counterpartMetadataUrl(h.profile, h.descriptorUrl));
    byTarget.set(h.target, entry);
  }
  const files = new Map<string, string>();
  for (const [target, { profile, urls }] of byTarget) {
    const docs = await Promise.all(
      urls.map(async (url) => {
        const res = await fetch(url);
        const xml = await res.text();
        if (!res.ok) throw new Error(`${profile.file}: the IdP metadata ${url} answered ${res.status}`);
        return xml;
      }),
    );
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${target.replace(/[^\w.-]/g, '_')}-idp-metadata.xml`);
    writeFileSync(file, aggregateMetadata(docs));
    files.set(target, file);
  }
  return files;
}
