import { setTimeout as sleep } from 'node:timers/promises';
import { fetchFailure } from '../net/fetch-failure.ts';
import { fillTemplate } from '../target/template.ts';
import type { TargetHook, TargetProfile } from '../target/types.ts';
import { runExchangeCommand } from './exchange.ts';

/** A hook's JSON body with every string filled: a body can carry what the run knows (a PEM). */
function fillBody(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return fillTemplate(value, vars);
  if (Array.isArray(value)) return value.map((v) => fillBody(v, vars));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillBody(v, vars)]));
  return value;
}

/**
 * Runs one hook of a profile (`field` names it in errors): the HTTP request, which must answer 2xx,
 * or the command, which must exit 0, with `env` added; then waits `settleSeconds`, the time the
 * profile says the target needs before it serves what the hook changed. Says what it did; an error
 * names the profile, the field and the answer.
 */
export async function runHook(
  profile: TargetProfile,
  hook: TargetHook,
  field: string,
  vars: Record<string, string>,
  o: { env?: Record<string, string>; settleSeconds?: number } = {},
): Promise<string> {
  const did = await runOnce(profile, hook, field, vars, o.env ?? {});
  const settle = o.settleSeconds ?? 0;
  if (settle === 0) return did;
  await sleep(settle * 1000);
  return `${did}, then waited the ${settle} s its profile says it needs`;
}

async function runOnce(
  profile: TargetProfile,
  hook: TargetHook,
  field: string,
  vars: Record<string, string>,
  env: Record<string, string>,
): Promise<string> {
  if (hook.command !== undefined) {
    const cmd = fillTemplate(hook.command, vars);
    await runExchangeCommand(profile, cmd, env, field);
    return `ran ${cmd}`;
  }
  const url = fillTemplate(hook.url!, vars);
  const method = hook.method ?? 'POST';
  const res = await fetch(url, {
    method,
    ...(hook.body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(fillBody(hook.body, vars)) }
      : {}),
  }).catch((e: Error) => {
    throw new Error(`${profile.file}: ${field} ${method} ${url} cannot be reached: ${fetchFailure(e)}`);
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(
      `${profile.file}: ${field} ${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`,
    );
  return `${method} ${url}`;
}
