import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../shared/ports.ts';
import { ensureDir, makeRunDir } from '../shared/run-dir.ts';
import { type LemonRelyingParty, lemonConf, lemonIni, lemonPsgi } from './lemonldap-conf.ts';

export const LEMONLDAP_PEER = 'lemonldap';
export const LEMONLDAP_DEFAULT_PORT = 8474;
/**
 * The portal and its OpenID Connect issuer, Plack to serve it, and the Perl modules the portal
 * loads at start that the packages only recommend (its captcha needs GD::SecurityImage with
 * Image::Magick; the OIDC issuer String::Random, and its issuer base class IO::String, which only
 * other packages happen to pull in).
 */
export const LEMONLDAP_PACKAGES = [
  'liblemonldap-ng-portal-perl',
  'libplack-perl',
  'libgd-securityimage-perl',
  'libimage-magick-perl',
  'libstring-random-perl',
  'libio-string-perl',
];
const PSGI = '/usr/share/lemonldap-ng/portal/htdocs/index.psgi';
const PLACKUP = '/usr/bin/plackup';

export interface LemonOptions {
  port?: number;
  lifetimeSeconds?: number;
  keepDir?: boolean;
  /** Relying parties to register besides the OP suite's clients (the reference SP). */
  relyingParties?: LemonRelyingParty[];
}

export interface LemonPeer {
  peer: string;
  baseUrl: string;
  dir: string;
  ended: Promise<void>;
  stop(): Promise<void>;
}

export function lemonldapMissing(): string[] {
  const missing: string[] = [];
  if (!existsSync(PSGI)) missing.push('liblemonldap-ng-portal-perl');
  if (!existsSync(PLACKUP)) missing.push('libplack-perl');
  const module = (m: string) => spawnSync('perl', [`-M${m}`, '-e', '1'], { stdio: 'ignore' }).status === 0;
  if (!module('GD::SecurityImage')) missing.push('libgd-securityimage-perl');
  if (!module('Image::Magick')) missing.push('libimage-magick-perl');
  if (!module('String::Random')) missing.push('libstring-random-perl');
  if (!module('IO::String')) missing.push('libio-string-perl');
  return missing;
}

/** Waits until the portal serves its discovery document, or says why not. */
async function waitForDiscovery(baseUrl: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`LemonLDAP::NG portal exited (${child.exitCode}); see ${log}`);
    try {
      const res = await fetch(`${baseUrl}/.well-known/openid-configuration`);
      const text = await res.text();
      if (res.ok && text.trimStart().startsWith('{')) return;
      last = `${res.status}: ${text.slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(300);
  }
  throw new Error(
    `LemonLDAP::NG portal at ${baseUrl} never served its discovery document (${last}); see ${log}`,
  );
}

/**
 * LemonLDAP::NG 2.16's portal, configured from scratch in a temp folder (File configuration backend,
 * Demo users dwho/rtyler/msmith, the OIDC issuer with Accord's clients), served by plackup on
 * 127.0.0.1. It stops after `lifetimeSeconds`, or with this process.
 */
export async function startLemonldap(opts: LemonOptions = {}): Promise<LemonPeer> {
  const missing = lemonldapMissing();
  if (missing.length > 0)
    throw new Error(`LemonLDAP::NG peer: missing Debian packages: ${missing.join(' ')}`);
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = makeRunDir(LEMONLDAP_PEER);
  for (const d of ['conf', 'sessions/lock', 'psessions/lock', 'cache', 'logs'])
    ensureDir(join(dir, d), 0o700);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const conf = lemonConf({
    baseUrl,
    dir,
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    relyingParties: opts.relyingParties,
  });
  writeFileSync(join(dir, 'conf', 'lmConf-1.json'), JSON.stringify(conf, null, 1));
  writeFileSync(join(dir, 'lemonldap-ng.ini'), lemonIni(dir));
  const app = join(dir, 'portal.psgi');
  writeFileSync(app, lemonPsgi(PSGI));
  const log = join(dir, 'logs', 'error.log');
  const out = openSync(log, 'a');
  const child = spawn(PLACKUP, ['--host', '127.0.0.1', '--port', String(port), app], {
    cwd: dir,
    env: { ...process.env, LLNG_DEFAULTCONFFILE: join(dir, 'lemonldap-ng.ini') },
    stdio: ['ignore', out, out],
  });
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([ended, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  if (opts.lifetimeSeconds) setTimeout(() => void stop(), opts.lifetimeSeconds * 1000).unref();
  try {
    await waitForDiscovery(baseUrl, child, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { peer: LEMONLDAP_PEER, baseUrl, dir, ended, stop };
}
