import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APACHE_BIN, type ApacheModule, apacheModuleInstalled } from './apache.ts';

/** What every peer's start takes: where it listens, how long it lives, whether its folder stays. */
export interface PeerStartOptions {
  /** Default: a free port. */
  port?: number;
  /** Stop by itself after this many seconds (0: only when the owner process ends). */
  lifetimeSeconds?: number;
  /** Keep the run folder after stop(), for reading logs. */
  keepDir?: boolean;
}

/** The modules every Apache peer loads: the prefork MPM, access control, static files, aliases. */
export const CORE_MODULES: readonly ApacheModule[] = [
  'mpm_prefork',
  'authn_core',
  'authz_core',
  'authz_host',
  'authz_user',
  'mime',
  'dir',
  'alias',
];

/** The Debian package Apache itself comes from, when it is missing. */
export function apacheMissing(): string[] {
  return existsSync(APACHE_BIN) && apacheModuleInstalled('mpm_prefork') ? [] : ['apache2'];
}

/** The start of every peer's site: htdocs served, everything else denied. */
export function htdocsSite(dir: string, directoryIndex = 'index.html'): string {
  return `DocumentRoot "${dir}/htdocs"
DirectoryIndex ${directoryIndex}
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory "${dir}/htdocs">
  Require all granted
</Directory>`;
}

/** htdocsSite, and each CGI of cgi/ at its path (`{ "/protected/echo": "echo.pl" }`). */
export function cgiSite(dir: string, scripts: Record<string, string>): string {
  const aliases = Object.entries(scripts).map(([path, file]) => `ScriptAlias ${path} "${dir}/cgi/${file}"`);
  return `${htdocsSite(dir)}
<Directory "${dir}/cgi">
  Options +ExecCGI
  Require all granted
</Directory>
${aliases.join('\n')}`;
}

/** Where a peer's logout ends: `logout.success` of its profile. */
export const LOGGED_OUT_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><h1 id="signed-out">Signed out</h1></body></html>
`;

/** A peer's home page for people: its title and links (each an `<li>`'s HTML). */
export function indexPage(title: string, items: string[]): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
<ul>
${items.map((i) => `<li>${i}</li>`).join('\n')}
</ul></body></html>
`;
}

/** Writes htdocs/index.html, htdocs/logged-out.html and the CGIs (executable) into a run folder. */
export function writeSiteFiles(dir: string, index: string, cgis: Record<string, string>): void {
  writeFileSync(join(dir, 'htdocs', 'index.html'), index);
  writeFileSync(join(dir, 'htdocs', 'logged-out.html'), LOGGED_OUT_PAGE);
  for (const [file, source] of Object.entries(cgis)) {
    writeFileSync(join(dir, 'cgi', file), source);
    chmodSync(join(dir, 'cgi', file), 0o755);
  }
}
