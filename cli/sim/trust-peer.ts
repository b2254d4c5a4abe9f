import { setTimeout as sleep } from 'node:timers/promises';
import { fetchFailure } from '../../lib/net/fetch-failure.ts';

/** A simulator's own trust store: takes the peer's metadata, throws naming what is wrong with it. */
export type AddPeer = (xml: string) => { entityId: string };

export interface TrustOptions {
  /** Give up after this long; a peer started later by docker-compose gets this much time. */
  deadlineMs?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

class Permanent extends Error {}

/**
 * Fetches a peer's metadata and trusts it, at every start, so a pair keeps trusting each other
 * across restarts and key renewals. A peer not (yet) answering is asked again (1 s, 2 s, … 5 s
 * apart) until the deadline; an answer that is not metadata is not: asking again would not fix it.
 */
export async function trustPeerFromUrl(url: string, add: AddPeer, opts: TrustOptions = {}): Promise<string> {
  const deadline = Date.now() + (opts.deadlineMs ?? 300_000);
  let wait = 1000;
  let told = false;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => {
        throw new Error(fetchFailure(e));
      });
      const body = await res.text();
      if (res.status >= 400 && res.status < 500)
        throw new Permanent(`${url} answered ${res.status}: is it the peer's metadata URL?`);
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      try {
        return add(body).entityId;
      } catch (e) {
        throw new Permanent(`${url}: ${(e as Error).message}`);
      }
    } catch (e) {
      if (e instanceof Permanent) throw e;
      if (opts.signal?.aborted) throw new Error(`--trust ${url}: stopped`);
      if (Date.now() + wait > deadline) throw new Error(`--trust ${url}: gave up, ${(e as Error).message}`);
      if (!told) opts.log?.(`waiting for ${url} (${(e as Error).message}); asking again until it answers`);
      told = true;
      await sleep(wait, undefined, { signal: opts.signal }).catch(() => undefined);
      wait = Math.min(5000, wait * 2);
    }
  }
}

/** `--trust` takes an http(s) URL: anything else is a usage error before the simulator starts. */
export function checkTrustUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error(`--trust expects the peer's metadata URL, got "${value}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(`--trust expects an http or https URL, got "${value}"`);
  return value;
}

/** `--base-url`: the absolute http(s) address peers and browsers reach the simulator at. */
export function checkBaseUrl(flag: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error(`${flag} expects an absolute http(s) URL such as http://localhost:8081, got "${value}"`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash)
    throw new Error(
      `${flag} expects an absolute http(s) URL such as http://localhost:8081 (no query or fragment), got "${value}"`,
    );
  return value.replace(/\/+$/, '');
}

/** `--port N`: 0 (a free port) to 65535. */
export function parsePortFlag(flag: string, value: string): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n > 65535)
    throw new Error(`${flag} must be a port number 0-65535, got "${value}"`);
  return n;
}
