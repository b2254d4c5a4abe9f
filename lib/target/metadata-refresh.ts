import type { TargetProfile } from './types.ts';

/**
 * Whether an SP target takes new IdP metadata within a run: by its exchange again, a hook
 * command, or polling the metadata URL. Manual (or nothing declared) is not.
 */
export function refreshesMetadata(profile: TargetProfile): boolean {
  const r = profile.metadataRefresh;
  if (!r || r.manual) return false;
  if (r.exchange) return profile.exchange?.post !== undefined || profile.exchange?.command !== undefined;
  return r.command !== undefined || r.pollSeconds !== undefined;
}
