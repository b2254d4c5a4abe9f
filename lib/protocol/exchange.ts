import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fetchFailure } from '../net/fetch-failure.ts';
import type { TargetProfile } from '../target/types.ts';

const run = promisify(execFile);

/**
 * The two automatic ways a profile's `exchange` hands a target its counterpart, whatever the
 * protocol: each adapter decides what is sent, these send it and name the profile when it fails.
 */

/** exchange.post: `body` POSTed to the target's URL; a non-2xx answer is an error. */
export async function postToTarget(
  profile: TargetProfile,
  url: string,
  contentType: string,
  body: string,
): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body }).catch(
    (e: Error) => {
      throw new Error(`${profile.file}: exchange.post ${url} cannot be reached: ${fetchFailure(e)}`);
    },
  );
  if (!res.ok) {
    throw new Error(
      `${profile.file}: exchange.post ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
    );
  }
}

/**
 * exchange.command (or another hook of the profile, named by `field`): the filled command run by
 * /bin/sh with `env` added; a non-zero exit is an error. Returns what it wrote, stdout then stderr.
 */
export async function runExchangeCommand(
  profile: TargetProfile,
  command: string,
  env: Record<string, string>,
  field = 'exchange.command',
): Promise<string> {
  try {
    const out = await run('/bin/sh', ['-c', command], { env: { ...process.env, ...env }, timeout: 120_000 });
    return `${out.stdout}${out.stderr}`;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${profile.file}: ${field} failed: ${err.stderr?.trim() || err.message}`);
  }
}
