import { fetchFailure } from '../../net/fetch-failure.ts';
import { fillTemplate } from '../../target/template.ts';
import type { MetadataTrust, TargetProfile } from '../../target/types.ts';
import { runExchangeCommand } from '../exchange.ts';
import { runHook } from '../run-hook.ts';
import { withTempFile } from '../with-temp-file.ts';

export type MetadataTrustStep = 'anchor' | 'remove' | 'removeAnchor';

/** What the target answered an upload: accepted or refused, and the answer in a few words. */
export interface UploadAnswer {
  accepted: boolean;
  answer: string;
}

function declared(profile: TargetProfile): MetadataTrust {
  if (!profile.metadataTrust) throw new Error(`${profile.file}: metadataTrust is not declared`);
  return profile.metadataTrust;
}

/**
 * Runs a metadataTrust hook of the profile; after `anchor`, waits its settleSeconds. Says what it
 * did; an error names the profile, the field and the answer. Undefined when the step is not declared.
 */
export async function runMetadataTrustHook(
  profile: TargetProfile,
  step: MetadataTrustStep,
  vars: Record<string, string>,
): Promise<string | undefined> {
  const trust = declared(profile);
  const hook = trust[step];
  if (!hook) return undefined;
  return runHook(profile, hook, `metadataTrust.${step}`, vars, {
    settleSeconds: step === 'anchor' ? trust.settleSeconds : 0,
  });
}

const brief = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);

/**
 * Hands the target IdP metadata in its mode that requires signed metadata (metadataTrust.upload):
 * accepted on 2xx (post) or exit 0 (command), unless the answer matches upload.refusal. Throws when
 * the target cannot be reached at all, which is no answer about the metadata.
 */
export async function uploadIdpMetadata(
  profile: TargetProfile,
  xml: string,
  vars: Record<string, string>,
): Promise<UploadAnswer> {
  const { upload } = declared(profile);
  const refusal = upload.refusal === undefined ? undefined : new RegExp(upload.refusal);
  if (upload.post !== undefined) {
    const url = fillTemplate(upload.post, vars);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    }).catch((e: Error) => {
      throw new Error(
        `${profile.file}: metadataTrust.upload.post ${url} cannot be reached: ${fetchFailure(e)}`,
      );
    });
    const text = await res.text();
    const refused = !res.ok || refusal?.test(text) === true;
    return { accepted: !refused, answer: `${res.status} ${brief(text)}`.trim() };
  }
  return withTempFile('idp-metadata.xml', xml, async (file) => {
    const cmd = fillTemplate(upload.command!, { ...vars, metadata_file: file });
    try {
      const out = await runExchangeCommand(
        profile,
        cmd,
        { ACCORD_PEER_METADATA: file },
        'metadataTrust.upload.command',
      );
      const refused = refusal?.test(out) === true;
      return { accepted: !refused, answer: `exit 0${out.trim() ? `: ${brief(out)}` : ''}` };
    } catch (e) {
      return { accepted: false, answer: brief((e as Error).message) };
    }
  });
}
