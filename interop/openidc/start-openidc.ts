import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APACHE_BIN, apacheModuleInstalled } from '../shared/apache.ts';
import { startApachePeer } from '../shared/apache-peer.ts';
import { ensureDir, handToWorker } from '../shared/run-dir.ts';
import { ECHO_CGI } from './echo-cgi.ts';
import { LOGIN_CGI } from './login-cgi.ts';
import { CHOICE_DIR, METADATA_DIR, OPENIDC_TOKEN_AUTH } from './provider-files.ts';

export const OPENIDC_PEER = 'openidc';
export const OPENIDC_DEFAULT_PORT = 8473;

/** Debian packages this peer needs. */
export const OPENIDC_PACKAGES = ['apache2', 'libapache2-mod-auth-openidc'];

/** Paths on the peer, relative to its base URL; the target profile names the same ones. */
export const OPENIDC_PATHS = {
  /** ?op=<issuer>: signs in with the OP at that issuer's origin (interop/openidc/login-cgi.ts). */
  login: '/login',
  protected: '/protected/echo',
  redirectUri: '/protected/redirect_uri',
  loggedOut: '/logged-out.html',
} as const;

/** What the client asks the OP for: the claims the echo page shows come with these scopes. */
export const OPENIDC_SCOPE = 'openid email profile';

export interface OpenidcOptions {
  /** Default: a free port. */
  port?: number;
  /** Stop by itself after this many seconds (0: only when the owner process ends). */
  lifetimeSeconds?: number;
  /** Keep the run folder after stop(), for reading logs. */
  keepDir?: boolean;
}

export interface OpenidcPeer {
  peer: typeof OPENIDC_PEER;
  baseUrl: string;
  /** The client's redirect URI (OIDCRedirectURI), where logins and logouts come back. */
  redirectUri: string;
  dir: string;
  errorLog: string;
  /** Settles when the server has ended, whoever ended it. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

export function openidcMissing(): string[] {
  const missing: string[] = [];
  if (!existsSync(APACHE_BIN) || !apacheModuleInstalled('mpm_prefork')) missing.push('apache2');
  if (!apacheModuleInstalled('auth_openidc')) missing.push('libapache2-mod-auth-openidc');
  return missing;
}

function siteConfig(dir: string, port: number, baseUrl: string, passphrase: string): string {
  return `DocumentRoot "${dir}/htdocs"
DirectoryIndex index.html
<Directory />
  AllowOverride None
  Require all denied
</Directory>
<Directory "${dir}/htdocs">
  Require all granted
</Directory>
<Directory "${dir}/cgi">
  Options +ExecCGI
  Require all granted
</Directory>
ScriptAlias ${OPENIDC_PATHS.protected} "${dir}/cgi/echo.pl"
ScriptAlias ${OPENIDC_PATHS.login} "${dir}/cgi/login.pl"
SetEnv ACCORD_LOGGED_OUT_URL ${baseUrl}${OPENIDC_PATHS.loggedOut}
SetEnv ACCORD_OP_CHOICE_DIR "${dir}/${CHOICE_DIR}"
SetEnv ACCORD_REDIRECT_URI ${baseUrl}${OPENIDC_PATHS.redirectUri}
SetEnv ACCORD_TARGET_LINK_URI ${baseUrl}${OPENIDC_PATHS.protected}

# The vanity URL mod_auth_openidc answers itself: the authorization response, ?logout= for
# RP-initiated logout, ?logout=backchannel for back-channel logout tokens.
OIDCRedirectURI ${baseUrl}${OPENIDC_PATHS.redirectUri}
OIDCCryptoPassphrase ${passphrase}
OIDCScope "${OPENIDC_SCOPE}"
OIDCPKCEMethod S256
# The algorithm the client registered. Without it, ID tokens MACed with HS256 and the client secret
# are accepted (interop/README.md); mod_auth_openidc holds the ID tokens and logout tokens of every
# OP in OIDCMetadataDir to this default too, not only in dynamic registration.
OIDCIDTokenSignedResponseAlg RS256
OIDCProviderTokenEndpointAuth ${OPENIDC_TOKEN_AUTH}
OIDCRemoteUserClaim email
# Besides OIDC_CLAIM_* (text), the application gets both claim sets as JSON, values as sent.
OIDCPassUserInfoAs claims json
OIDCPassIDTokenAs claims payload
OIDCDefaultLoggedOutURL ${baseUrl}${OPENIDC_PATHS.loggedOut}
# Sessions live in the server's cache, where back-channel logout finds them by sid. Files, not
# the default shared memory: a graceful restart (the exchange hook's) empties shared memory and
# would sign out every browser, also those of other tests running meanwhile.
OIDCSessionType server-cache
OIDCCacheType file
OIDCCacheDir "${dir}/cache"
# Browsers share cookies across ports on one host: names of this instance's own.
OIDCCookie accord-openidc-${port}
OIDCStateCookiePrefix accord-openidc-state-${port}-
# Several OPs at once (one per scenario of a run), each in its own files, which the exchange hook
# writes (interop/openidc/provider-files.ts) and the module reads at every login: no restart. The
# directives above are the defaults of every OP filed here.
OIDCMetadataDir "${dir}/${METADATA_DIR}"

<Location /protected>
  AuthType openid-connect
  Require valid-user
</Location>
`;
}

const INDEX = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mod_auth_openidc interop peer</title></head>
<body><h1>mod_auth_openidc interop peer</h1>
<ul>
<li><a href="${OPENIDC_PATHS.protected}">Protected page</a> (mod_auth_openidc lists the configured OPs)</li>
</ul></body></html>
`;

const LOGGED_OUT = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><h1 id="signed-out">Signed out</h1></body></html>
`;

/** Apache httpd with mod_auth_openidc as an OpenID Connect RP, configured from scratch in a temp folder. */
export async function startOpenidc(opts: OpenidcOptions = {}): Promise<OpenidcPeer> {
  const missing = openidcMissing();
  if (missing.length > 0)
    throw new Error(`mod_auth_openidc peer: missing Debian packages: ${missing.join(' ')}`);
  const { server, dir, stop } = await startApachePeer({
    peer: OPENIDC_PEER,
    ...opts,
    prepare(dir, port, account) {
      for (const sub of ['htdocs', 'cgi', 'cache', 'run', 'logs', METADATA_DIR, CHOICE_DIR])
        ensureDir(join(dir, sub));
      const baseUrl = `http://127.0.0.1:${port}`;
      writeFileSync(join(dir, 'htdocs', 'index.html'), INDEX);
      writeFileSync(join(dir, 'htdocs', 'logged-out.html'), LOGGED_OUT);
      writeFileSync(join(dir, 'cgi', 'echo.pl'), ECHO_CGI);
      writeFileSync(join(dir, 'cgi', 'login.pl'), LOGIN_CGI);
      for (const cgi of ['echo.pl', 'login.pl']) chmodSync(join(dir, 'cgi', cgi), 0o755);
      handToWorker(join(dir, 'run'), account);
      handToWorker(join(dir, 'cache'), account);
      return {
        name: `mod_auth_openidc on port ${port}`,
        modules: [
          'mpm_prefork',
          'authn_core',
          'authz_core',
          'authz_host',
          'authz_user',
          'mime',
          'dir',
          'alias',
          'env',
          'headers',
          'cgi',
          'auth_openidc',
        ],
        site: siteConfig(dir, port, baseUrl, randomBytes(24).toString('hex')),
      };
    },
  });
  return {
    peer: OPENIDC_PEER,
    baseUrl: server.baseUrl,
    redirectUri: `${server.baseUrl}${OPENIDC_PATHS.redirectUri}`,
    dir,
    errorLog: server.errorLog,
    ended: server.ended,
    stop,
  };
}
