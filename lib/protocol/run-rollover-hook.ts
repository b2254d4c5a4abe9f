import { setTimeout as sleep } from 'node:timers/promises';
import { fetchFailure } from '../net/fetch-failure.ts';
import { fillTemplate } from '../target/template.ts';
import type { RolloverStep, TargetProfile } from '../target/types.ts';
import { runExchangeCommand } from './exchange.ts';

/**
 * Runs one step of the target's own key rollover as its profile declares it (keyRollover): the HTTP
 * request (2xx expected) or the command (exit 0), then waits the profile's settleSeconds. Says
 * what it did; an error names the profile, the step and the answer.
 */
export async function runRolloverHook(
  profile: TargetProfile,
  step: RolloverStep,
  vars: Record<string, string>,
): Promise<string> {
  const hook = profile.keyRollover?.[step];
  const field = `keyRollover.${step}`;
  if (!hook) throw new Error(`${profile.file}: ${field} is not declared`);
  let did: string;
  if (hook.command !== undefined) {
    const cmd = fillTemplate(hook.command, vars);
    await runExchangeCommand(profile, cmd, { ACCORD_ROLLOVER_STEP: step }, field);
    did = `ran ${cmd}`;
  } else {
    const url = fillTemplate(hook.url!, vars);
    const method = hook.method ?? 'POST';
    const res = await fetch(url, {
      method,
      ...(hook.body
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(hook.body) }
        : {}),
    }).catch((e: Error) => {
      throw new Error(`${profile.file}: ${field} ${method} ${url} cannot be reached: ${fetchFailure(e)}`);
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(
        `${profile.file}: ${field} ${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`,
      );
    did = `${method} ${url}`;
  }
  const settle = profile.keyRollover?.settleSeconds ?? 0;
  if (settle === 0) return did;
  await sleep(settle * 1000);
  return `${did}, then waited the ${settle} s its profile says it needs`;
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
