import type { RolloverStep, TargetProfile } from '../target/types.ts';
import { runHook } from './run-hook.ts';

/**
 * Runs one step of the target's own key rollover as its profile declares it (keyRollover), then
 * waits the profile's settleSeconds. Says what it did; an error names the profile, the step and
 * the answer.
 */
export async function runRolloverHook(
  profile: TargetProfile,
  step: RolloverStep,
  vars: Record<string, string>,
): Promise<string> {
  const hook = profile.keyRollover?.[step];
  const field = `keyRollover.${step}`;
  if (!hook) throw new Error(`${profile.file}: ${field} is not declared`);
  return runHook(profile, hook, field, vars, {
    env: { ACCORD_ROLLOVER_STEP: step },
    settleSeconds: profile.keyRollover?.settleSeconds,
  });
}

/** runRolloverHook for a suite, which turns a failed step into a verdict rather than an error. */
export function tryRolloverHook(
  profile: TargetProfile,
  step: RolloverStep,
  vars: Record<string, string>,
): Promise<{ how: string } | { error: string }> {
  return runRolloverHook(profile, step, vars).then(
    (how) => ({ how }),
    (e: Error) => ({ error: e.message }),
  );
}
