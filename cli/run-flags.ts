import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ProjectPlan } from '../lib/run/plan.ts';
import { loadScenario } from '../lib/scenario/index.ts';
import { closest } from '../lib/text/closest-match.ts';
import { entriesWithSimulator, routingIdpId } from './routing/routing-entries.ts';

/*
 * Flag values checked before a command touches anything, each error one line naming the flag.
 * Playwright would otherwise be the first to notice, after the last run's output is gone.
 */

/** `--workers N`: a whole number of parallel browsers, at least 1. */
export function parseWorkers(value: string): number {
  const n = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--workers expects a whole number of at least 1, got "${value}"`);
  return n;
}

/** `--shard I/N`: this run's part I of N, 1 ≤ I ≤ N. */
export function parseShard(value: string): string {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
  if (!m) throw new Error(`--shard expects I/N (e.g. 1/3), got "${value}"`);
  const [i, n] = [Number(m[1]), Number(m[2])];
  if (n < 1 || i < 1 || i > n)
    throw new Error(`--shard ${value}: I must be between 1 and N (there is no part ${i} of ${n})`);
  return `${i}/${n}`;
}

export function checkRegex(flag: string, value: string): void {
  try {
    new RegExp(value);
  } catch (e) {
    throw new Error(`${flag} "${value}" is not a regular expression: ${(e as Error).message}`);
  }
}

/** A persistent key's name, as the keystore allows it (lib/pki/keystore.ts). */
export function keyName(flag: string, value: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(value))
    throw new Error(`${flag} "${value}" is not a key name (letters, digits, . _ -)`);
  return value;
}

/** Where a file will be written: its folder must exist and the path must not be a folder. */
export function packagePath(value: string): string {
  const file = resolve(value);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new Error(
      `--package ${value} is a folder: give the archive's file name (e.g. accord-package.tar.gz)`,
    );
  if (!existsSync(dirname(file)))
    throw new Error(`--package ${value}: the folder ${dirname(file)} does not exist`);
  return file;
}

/**
 * `--port NAME=PORT` names a simulator of this run: a scenario's IdP (or OP) by scenario id, a
 * routing entry's by `<scenario>-<entry>`, or the reference SP as "sp". A name that matches none
 * would be silently ignored and the simulator get a free port, so the trust the user set up for
 * that port would not hold.
 */
export function checkPortNames(ports: Record<string, number>, projects: readonly ProjectPlan[]): void {
  const routed = projects.flatMap((p) => {
    const s = p.routing && p.scenarioFile ? loadScenario(p.scenarioFile) : undefined;
    return s?.protocol === 'saml2' ? entriesWithSimulator(s).map((e) => routingIdpId(s, e)) : [];
  });
  const names = [...new Set([...projects.map((p) => p.scenario).filter((s) => s !== '-'), ...routed, 'sp'])];
  for (const name of Object.keys(ports)) {
    if (names.includes(name)) continue;
    const near = closest(name, names);
    throw new Error(
      `--port ${name}=…: no simulator of this run is named "${name}"${near ? ` (did you mean "${near}"?)` : ''}; names: ${names.join(', ')}`,
    );
  }
  const taken = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    if (port === 0) continue;
    const other = taken.get(port);
    if (other) throw new Error(`--port ${name}=${port}: port ${port} is already given to "${other}"`);
    taken.set(port, name);
  }
}
