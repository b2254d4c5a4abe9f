import { idpMetadataUrl } from '../../admin/idp-metadata-query.ts';
import { fillTemplate } from '../../target/template.ts';
import type { TargetProfile } from '../../target/types.ts';
import { postToTarget, runExchangeCommand } from '../exchange.ts';
import { isAsserting } from '../roles.ts';
import { withTempFile } from '../with-temp-file.ts';

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
  /** The profile field the command came from, for its error (a metadataRefresh.command runs here too). */
  commandField = 'exchange.command',
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
    await postToTarget(profile, url, 'application/xml', xml);
    return `posted to ${url}`;
  }
  if (ex?.command) {
    const command = ex.command;
    return withTempFile('counterpart-metadata.xml', xml, async (file) => {
      const cmd = fillTemplate(command, {
        ...vars,
        metadata_file: file,
        metadata_url: handedUrl,
      });
      await runExchangeCommand(
        profile,
        cmd,
        {
          ACCORD_PEER_METADATA: file,
          ACCORD_PEER_METADATA_URL: handedUrl,
          // Every IdP of the run in one EntitiesDescriptor, when the run offers it (an SP target).
          ...(vars.aggregate_metadata_file
            ? { ACCORD_AGGREGATE_METADATA: vars.aggregate_metadata_file }
            : {}),
        },
        commandField,
      );
      return `ran ${cmd}`;
    });
  }
  return `manual: give the target ${handedUrl}`;
}
