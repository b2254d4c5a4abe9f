import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueSelfSignedCertificate } from '../../lib/pki/index.ts';
import type { SamlRole } from '../../lib/protocol/roles.ts';
import { apacheModuleInstalled } from '../shared/apache.ts';
import { startApachePeer } from '../shared/apache-peer.ts';
import { apacheMissing, htdocsSite, type PeerStartOptions } from '../shared/apache-site.ts';
import { ensureDir, handToWorker } from '../shared/run-dir.ts';
import { PhpRaw, type PhpValue, php } from './php-literal.ts';
import { IDP_PAGES, SP_PAGES } from './sp-pages.ts';
import { SSP_IDP_USERS, sspAttributes } from './users.ts';

export const SSP_ROOT = '/usr/share/simplesamlphp';
export type SspRole = SamlRole;
export const SSP_PEER: Record<SspRole, string> = { idp: 'simplesamlphp-idp', sp: 'simplesamlphp-sp' };
export const SSP_DEFAULT_PORT: Record<SspRole, number> = { idp: 8471, sp: 8472 };

/**
 * Debian packages this peer needs: php-xml is not pulled in with --no-install-recommends, and
 * php-sqlite3 holds the SQL data store (see store.type below).
 */
export const SSP_PACKAGES = ['apache2', 'libapache2-mod-php', 'php-sqlite3', 'php-xml', 'simplesamlphp'];

/** The metadata set a peer of this role keeps its trusted counterparts in. */
export const REMOTE_SET: Record<SspRole, 'saml20-sp-remote' | 'saml20-idp-remote'> = {
  idp: 'saml20-sp-remote',
  sp: 'saml20-idp-remote',
};

export type SspOptions = PeerStartOptions;

export interface SspPeer {
  peer: string;
  role: SspRole;
  baseUrl: string;
  metadataUrl: string;
  entityId: string;
  dir: string;
  /** SimpleSAMLphp's own log (the Apache error log is next to it). */
  log: string;
  /** Settles when the server has ended, whoever ended it. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

export function simpleSamlPhpMissing(): string[] {
  const missing = apacheMissing();
  if (!apacheModuleInstalled('php')) missing.push('libapache2-mod-php');
  if (!existsSync(join(SSP_ROOT, 'lib', '_autoload.php'))) missing.push('simplesamlphp');
  // The exchange hook converts metadata with the PHP CLI (a dependency of libapache2-mod-php).
  if (!existsSync('/usr/bin/php')) return [...missing, 'php-cli'];
  // php-xml provides the DOM extension SimpleSAMLphp parses every message with.
  if (!phpExtension('dom')) missing.push('php-xml');
  if (!phpExtension('pdo_sqlite')) missing.push('php-sqlite3');
  return missing;
}

function phpExtension(name: string): boolean {
  try {
    const loaded = `echo extension_loaded('${name}') ? 'yes' : 'no';`;
    return execFileSync('/usr/bin/php', ['-r', loaded], { encoding: 'utf8' }) === 'yes';
  } catch {
    return false;
  }
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export function sspUrls(role: SspRole, baseUrl: string): { metadataUrl: string; entityId: string } {
  const metadataUrl =
    role === 'idp'
      ? `${baseUrl}/simplesaml/saml2/idp/metadata.php`
      : `${baseUrl}/simplesaml/module.php/saml/sp/metadata.php/default-sp`;
  return { metadataUrl, entityId: metadataUrl };
}

function phpFile(statements: string): string {
  return `<?php\n// Generated for one interop run.\n${statements}\n`;
}

function config(role: SspRole, dir: string, baseUrl: string, port: number): string {
  const cookie = `AccordSsp${role === 'idp' ? 'Idp' : 'Sp'}${port}`;
  const c: Record<string, PhpValue> = {
    baseurlpath: `${baseUrl}/simplesaml/`,
    certdir: `${dir}/cert/`,
    loggingdir: `${dir}/logs/`,
    datadir: `${dir}/data/`,
    tempdir: `${dir}/tmp`,
    metadatadir: `${dir}/config/metadata/`,
    attributenamemapdir: `${SSP_ROOT}/attributemap/`,
    technicalcontact_name: 'Accord interop',
    technicalcontact_email: 'interop@accord.test',
    timezone: 'UTC',
    secretsalt: randomBytes(24).toString('hex'),
    'auth.adminpassword': randomBytes(24).toString('hex'),
    'admin.protectindexpage': false,
    'admin.protectmetadata': false,
    'admin.checkforupdates': false,
    // Only URLs on this very host may be ReturnTo/RelayState targets.
    'trusted.url.domains': [],
    'assertion.allowed_clock_skew': 180,
    // Message dumps (debug.saml) stay off, as in Debian's config: pretty-printing a hostile
    // message takes PHP longer than the message itself, which would skew the timing checks.
    debug: { saml: false, backtraces: true, validatexml: false },
    showerrors: true,
    errorreporting: false,
    'logging.level': new PhpRaw('SimpleSAML\\Logger::INFO'),
    'logging.handler': 'file',
    'logging.logfile': 'simplesamlphp.log',
    'statistics.out': [],
    'enable.saml20-idp': role === 'idp',
    'enable.shib13-idp': false,
    'enable.adfs-idp': false,
    'module.enable': { core: true, saml: true, admin: true, exampleauth: role === 'idp' },
    'session.duration': 3600,
    // Plain http on loopback: Secure cookies would never come back, and SameSite=None needs Secure.
    'session.cookie.secure': false,
    'session.cookie.samesite': null,
    // Browsers share cookies across ports on one host: names per instance.
    'session.cookie.name': `${cookie}Session`,
    'session.phpsession.cookiename': `${cookie}Php`,
    'session.authtoken.cookiename': `${cookie}AuthToken`,
    'session.phpsession.savepath': `${dir}/sessions`,
    'language.cookie.name': `${cookie}Lang`,
    'language.cookie.secure': false,
    'language.cookie.samesite': null,
    // saml:SP remembers the assertion IDs it accepted (its replay check) only in a data store
    // other than phpsession.
    'store.type': 'sql',
    'store.sql.dsn': `sqlite:${dir}/data/store.sqlite`,
    'store.sql.prefix': 'accord',
    'metadata.sources': [{ type: 'flatfile' }],
    production: true,
  };
  return phpFile(`$config = ${php(c)};`);
}

/** The file names of a peer's key pair in its cert folder: the current one, and a next one published for a rollover. */
export const KEY_FILES = (role: SspRole, which: 'current' | 'next' | 'retired') => {
  const base = `${role === 'idp' ? 'idp' : 'sp'}${which === 'current' ? '' : `-${which}`}`;
  return { key: `${base}.key`, crt: `${base}.crt` };
};

/**
 * The key options of the entity: its key pair, and with `next` the pair it publishes ahead of use
 * (SimpleSAMLphp's key rollover, modules/saml/docs/keyrollover.md: it signs with the current key,
 * decrypts with both, and lists both in its metadata).
 */
function keyOptions(role: SspRole, next: boolean): Record<string, PhpValue> {
  const current = KEY_FILES(role, 'current');
  const published = KEY_FILES(role, 'next');
  return {
    privatekey: current.key,
    certificate: current.crt,
    ...(next ? { new_privatekey: published.key, new_certificate: published.crt } : {}),
  };
}

export function authsources(role: SspRole, next = false): string {
  const a: Record<string, PhpValue> = { admin: ['core:AdminPassword'] };
  if (role === 'idp') {
    const users: Record<string, PhpValue> = {};
    for (const u of SSP_IDP_USERS) users[`${u.username}:${u.password}`] = sspAttributes(u);
    a['accord-users'] = { 0: 'exampleauth:UserPass', ...users } as Record<string, PhpValue>;
  } else {
    a['default-sp'] = {
      0: 'saml:SP',
      entityID: null,
      idp: null,
      discoURL: null,
      ...keyOptions(role, next),
      'sign.authnrequest': true,
      'sign.logout': true,
      'redirect.sign': true,
      // saml:SP checks no signature on logout messages unless told to (the default is false).
      'validate.logout': true,
      'signature.algorithm': RSA_SHA256,
      WantAssertionsSigned: true,
    } as Record<string, PhpValue>;
  }
  return phpFile(`$config = ${php(a)};`);
}

export function hostedIdp(next = false): string {
  const md: Record<string, PhpValue> = {
    host: '__DEFAULT__',
    ...keyOptions('idp', next),
    auth: 'accord-users',
    'signature.algorithm': RSA_SHA256,
    // Non-transient NameIDs (emailAddress, persistent, unspecified) carry the email.
    'simplesaml.nameidattribute': 'email',
    'userid.attribute': 'uid',
    'attributes.NameFormat': 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
    SingleSignOnServiceBinding: [REDIRECT, POST],
    SingleLogoutServiceBinding: [REDIRECT, POST],
    // SimpleSAMLphp signs only authentication responses unless told to (redirect.sign defaults to false).
    'sign.logout': true,
  };
  return phpFile(`$metadata['__DYNAMIC:1__'] = ${php(md)};`);
}

/** A metadata set file that pulls in one file per trusted entity (written by the exchange hook). */
function remoteSet(set: string): string {
  return phpFile(`foreach (glob(__DIR__ . '/${set}.d/*.php') ?: [] as $trusted) {\n    require $trusted;\n}`);
}

function siteConfig(dir: string): string {
  return `${htdocsSite(dir, 'index.php index.html')}
Alias /simplesaml ${SSP_ROOT}/www
<Directory ${SSP_ROOT}/www>
  Require all granted
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
# SimpleSAMLphp reads its configuration from here instead of /etc/simplesamlphp.
SetEnv SIMPLESAMLPHP_CONFIG_DIR "${dir}/config"
php_admin_value session.save_path "${dir}/sessions"
php_admin_value error_log "${dir}/logs/php.log"
php_admin_flag display_errors off
`;
}

/** SimpleSAMLphp (Debian's package, untouched) served by apache2 + mod_php, configured in a temp folder. */
export async function startSimpleSamlPhp(role: SspRole, opts: SspOptions = {}): Promise<SspPeer> {
  const missing = simpleSamlPhpMissing();
  if (missing.length > 0)
    throw new Error(`SimpleSAMLphp peer: missing Debian packages: ${missing.join(' ')}`);
  const peer = SSP_PEER[role];
  const started = await startApachePeer({
    peer,
    ...opts,
    prepare(dir, port, account) {
      const baseUrl = `http://127.0.0.1:${port}`;
      for (const sub of ['config/metadata', 'cert', 'htdocs', 'data', 'tmp', 'logs', 'sessions', 'run']) {
        ensureDir(join(dir, sub));
      }
      const set = REMOTE_SET[role];
      ensureDir(join(dir, 'config', 'metadata', `${set}.d`));
      const files = KEY_FILES(role, 'current');
      const { keyPem, certPem } = issueSelfSignedCertificate({
        commonName: `accord-${peer}-${port}`,
        organization: 'Accord interop',
      });
      writeFileSync(join(dir, 'cert', files.key), keyPem, { mode: 0o600 });
      writeFileSync(join(dir, 'cert', files.crt), certPem);
      writeFileSync(join(dir, 'config', 'config.php'), config(role, dir, baseUrl, port));
      writeFileSync(join(dir, 'config', 'authsources.php'), authsources(role));
      writeFileSync(join(dir, 'config', 'metadata', `${set}.php`), remoteSet(set));
      if (role === 'idp')
        writeFileSync(join(dir, 'config', 'metadata', 'saml20-idp-hosted.php'), hostedIdp());
      for (const [name, body] of Object.entries(role === 'sp' ? SP_PAGES : IDP_PAGES)) {
        writeFileSync(join(dir, 'htdocs', name), body);
      }
      for (const sub of ['cert', 'data', 'tmp', 'logs', 'sessions', 'config'])
        handToWorker(join(dir, sub), account);
      return {
        name: `SimpleSAMLphp ${role.toUpperCase()} on port ${port}`,
        modules: ['mpm_prefork', 'authz_core', 'authz_host', 'mime', 'dir', 'alias', 'env', 'headers', 'php'],
        site: siteConfig(dir),
      };
    },
  });
  const { server, dir } = started;
  const urls = sspUrls(role, server.baseUrl);
  const res = await fetch(urls.metadataUrl).catch((e: Error) => e);
  if (res instanceof Error || !res.ok) {
    const why =
      res instanceof Error ? res.message : `HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`;
    const log = server.logTail();
    await started.stop();
    throw new Error(
      `SimpleSAMLphp ${role} started but its metadata ${urls.metadataUrl} fails: ${why}\n${log}`,
    );
  }
  return {
    peer,
    role,
    baseUrl: server.baseUrl,
    ...urls,
    dir,
    log: join(dir, 'logs', 'simplesamlphp.log'),
    ended: server.ended,
    stop: started.stop,
  };
}
