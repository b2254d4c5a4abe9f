import { ROLLOVER_STEPS, type TargetProfile } from './types.ts';

/**
 * Why Accord cannot make this target roll its own key over within a run (keyRollover manual or
 * absent; an SP that does not decrypt has no encryption key to roll), or undefined when it can.
 */
export function whyNoKeyRollover(profile: TargetProfile): string | undefined {
  const k = profile.keyRollover;
  if (!k) return 'the profile declares no keyRollover (how Accord makes the target roll its own key over)';
  if (k.manual) return 'the profile says the target rolls its key over by hand only (keyRollover manual)';
  if (!ROLLOVER_STEPS.every((s) => k[s] !== undefined))
    return 'the profile declares keyRollover without all of publish, switch and retire';
  if (profile.role === 'sp' && profile.capabilities.encryptedAssertions !== true)
    return 'the target does not declare capabilities.encryptedAssertions: it has no encryption key to roll over';
  return undefined;
}
