import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startForeground } from './foreground.ts';
import { ensureDir, type WorkerAccount } from './run-dir.ts';

const run = promisify(execFile);

export const APACHE_BIN = '/usr/sbin/apache2';
const MODULE_DIR = '/usr/lib/apache2/modules';

/** Apache modules a peer may ask for, by the short names Debian's a2enmod uses. */
const MODULES: Record<string, { id: string; file: () => string }> = {
  mpm_prefork: { id: 'mpm_prefork_module', file: () => 'mod_mpm_prefork.so' },
  authz_core: { id: 'authz_core_module', file: () => 'mod_authz_core.so' },
  authz_host: { id: 'authz_host_module', file: () => 'mod_authz_host.so' },
  authz_user: { id: 'authz_user_module', file: () => 'mod_authz_user.so' },
  authn_core: { id: 'authn_core_module', file: () => 'mod_authn_core.so' },
  mime: { id: 'mime_module', file: () => 'mod_mime.so' },
  dir: { id: 'dir_module', file: () => 'mod_dir.so' },
  alias: { id: 'alias_module', file: () => 'mod_alias.so' },
  env: { id: 'env_module', file: () => 'mod_env.so' },
  headers: { id: 'headers_module', file: () => 'mod_headers.so' },
  setenvif: { id: 'setenvif_module', file: () => 'mod_setenvif.so' },
  cgi: { id: 'cgi_module', file: () => 'mod_cgi.so' },
  auth_mellon: { id: 'auth_mellon_module', file: () => 'mod_auth_mellon.so' },
  auth_openidc: { id: 'auth_openidc_module', file: () => 'mod_auth_openidc.so' },
  php: { id: 'php_module', file: () => phpModuleFile() ?? 'libphp.so' },
};

export type ApacheModule = keyof typeof MODULES;

/** Debian names the PHP module after its version (libphp8.2.so); whichever is installed. */
export function phpModuleFile(): string | undefined {
  if (!existsSync(MODULE_DIR)) return undefined;
  return readdirSync(MODULE_DIR).find((f) => /^libphp[\d.]*\.so$/.test(f));
}

export function apacheModuleInstalled(name: ApacheModule): boolean {
  const file = name === 'php' ? phpModuleFile() : MODULES[name].file();
  return !!file && existsSync(join(MODULE_DIR, file));
}

export interface ApacheOptions {
  /** Shown in errors and logs. */
  name: string;
  /** ServerRoot: every file Apache writes goes here. */
  dir: string;
  port: number;
  modules: ApacheModule[];
  /** Site configuration appended after the generated server section. */
  site: string;
  account: WorkerAccount;
  /** The server stops by itself after this many seconds; 0 = only when its owner process ends. */
  lifetimeSeconds?: number;
}

export interface ApacheServer {
  baseUrl: string;
  pid: number;
  confFile: string;
  errorLog: string;
  /** Settles when the server has ended, whoever ended it (stop(), the watchdog, a crash). */
  ended: Promise<void>;
  /** Re-reads the configuration without dropping the listening socket, and waits until the new one serves. */
  graceful(): Promise<void>;
  stop(): Promise<void>;
  /** The last lines of the error log, for failure messages. */
  logTail(lines?: number): string;
}

function serverConfig(o: ApacheOptions): string {
  const loads = o.modules.map((m) => `LoadModule ${MODULES[m].id} ${join(MODULE_DIR, MODULES[m].file())}`);
  return `# Generated for one interop run; nothing here refers to /etc/apache2.
ServerRoot "${o.dir}"
Listen 127.0.0.1:${o.port}
ServerName 127.0.0.1:${o.port}
PidFile "${o.dir}/run/httpd.pid"
DefaultRuntimeDir "${o.dir}/run"
Mutex file:${o.dir}/run default
ScoreBoardFile "${o.dir}/run/scoreboard"
${loads.join('\n')}
User ${o.account.user}
Group ${o.account.group}
StartServers 2
MinSpareServers 1
MaxSpareServers 4
MaxRequestWorkers 16
MaxConnectionsPerChild 0
KeepAlive On
KeepAliveTimeout 2
Timeout 30
ErrorLog "${o.dir}/logs/error.log"
LogLevel warn
LogFormat "%h %t \\"%r\\" %>s %b" accord
CustomLog "${o.dir}/logs/access.log" accord
TypesConfig /etc/mime.types
AddDefaultCharset utf-8
ServerTokens Prod
TraceEnable Off
# Lets graceful() tell the new configuration from the old one.
Include "${o.dir}/generation.conf"
`;
}

function headerOf(url: string, name: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      const v = res.headers[name.toLowerCase()];
      resolve(Array.isArray(v) ? v[0] : v);
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(2000, () => req.destroy());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function writeGeneration(file: string, n: number): void {
  writeFileSync(file, `Header always set X-Accord-Generation "${n}"\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Graceful restart of a server started by startApache, from any process: bumps the generation
 * marker, signals the parent and waits until only the new configuration answers. Idle children
 * of the old generation may still take a connection or two while they wind down.
 */
export async function gracefulRestart(s: {
  dir: string;
  pid: number;
  baseUrl: string;
  name: string;
}): Promise<void> {
  const file = join(s.dir, 'generation.conf');
  const current = Number(/"(\d+)"/.exec(readFileSync(file, 'utf8'))?.[1] ?? '1');
  const want = String(current + 1);
  writeGeneration(file, current + 1);
  process.kill(s.pid, 'SIGUSR1');
  const until = Date.now() + 20_000;
  let seen = 0;
  while (seen < 3) {
    if (!alive(s.pid))
      throw new Error(`${s.name}: apache2 exited during a graceful restart (see ${s.dir}/logs/error.log)`);
    if (Date.now() > until) throw new Error(`${s.name}: the graceful restart did not complete within 20 s`);
    seen = (await headerOf(`${s.baseUrl}/`, 'x-accord-generation')) === want ? seen + 1 : 0;
    if (seen < 3) await sleep(50);
  }
}

/**
 * Starts apache2 in the foreground with a configuration generated into `dir`, never the system
 * service (startForeground: it ends with its owner, or after `lifetimeSeconds`).
 */
export async function startApache(o: ApacheOptions): Promise<ApacheServer> {
  for (const sub of ['run', 'logs']) ensureDir(join(o.dir, sub));
  const confFile = join(o.dir, 'httpd.conf');
  const generationFile = join(o.dir, 'generation.conf');
  const errorLog = join(o.dir, 'logs', 'error.log');
  const baseUrl = `http://127.0.0.1:${o.port}`;
  writeGeneration(generationFile, 1);
  writeFileSync(confFile, `${serverConfig(o)}\n${o.site}\n`);

  const logTail = (lines = 30) =>
    existsSync(errorLog) ? readFileSync(errorLog, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';

  try {
    await run(APACHE_BIN, ['-t', '-f', confFile, '-d', o.dir]);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${o.name}: apache2 rejects ${confFile}: ${err.stderr?.trim() || err.message}`);
  }

  const server = await startForeground({
    name: `${o.name}: apache2`,
    bin: APACHE_BIN,
    args: ['-f', confFile, '-d', o.dir, '-DFOREGROUND'],
    lifetimeSeconds: o.lifetimeSeconds,
    ready: async () => (await headerOf(`${baseUrl}/`, 'x-accord-generation')) === '1',
    readyWithinSeconds: 20,
    notReady: `did not answer on ${baseUrl}`,
    logTail,
  });
  const pid = server.pid;

  return {
    baseUrl,
    pid,
    confFile,
    errorLog,
    ended: server.ended,
    logTail,
    stop: server.stop,
    graceful: () => gracefulRestart({ dir: o.dir, pid, baseUrl, name: o.name }),
  };
}
