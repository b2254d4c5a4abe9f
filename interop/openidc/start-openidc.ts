import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { apacheModuleInstalled } from '../shared/apache.ts';
import { startApachePeer } from '../shared/apache-peer.ts';
import {
  apacheMissing,
  CORE_MODULES,
  cgiSite,
  indexPage,
  type PeerStartOptions,
  writeSiteFiles,
} from '../shared/apache-site.ts';
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

export type OpenidcOptions = PeerStartOptions;

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
  const missing = apacheMissing();
  if (!apacheModuleInstalled('auth_openidc')) missing.push('libapache2-mod-auth-openidc');
  return missing;
}

function siteConfig(dir: string, port: number, baseUrl: string, passphrase: string): string {
  return `${cgiSite(dir, { [OPENIDC_PATHS.protected]: 'echo.pl', [OPENIDC_PATHS.login]: 'login.pl' })}
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

const INDEX = indexPage('mod_auth_openidc interop peer', [
  `<a href="${OPENIDC_PATHS.protected}">Protected page</a> (mod_auth_openidc lists the configured OPs)`,
]);

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
      writeSiteFiles(dir, INDEX, { 'echo.pl': ECHO_CGI, 'login.pl': LOGIN_CGI });
      handToWorker(join(dir, 'run'), account);
      handToWorker(join(dir, 'cache'), account);
      return {
        name: `mod_auth_openidc on port ${port}`,
        modules: [...CORE_MODULES, 'env', 'headers', 'cgi', 'auth_openidc'],
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
