import { readFileSync } from 'node:fs';

/** The Debian package's demonstration configuration: Demo authentication and users, file sessions. */
const DEBIAN_CONF = '/var/lib/lemonldap-ng/conf/lmConf-1.json';
/** The portal's static files (staticPrefix /static). */
const STATIC = '/usr/share/lemonldap-ng/portal/htdocs/static';

/** A client Accord's OP suite signs in as (targets/lemonldap-op.yaml lists the same). */
export interface LemonClient {
  confKey: string;
  id: string;
  secret: string;
  authMethod: 'client_secret_basic' | 'client_secret_post';
}

export const LEMON_CLIENTS: LemonClient[] = [
  {
    confKey: 'accord',
    id: 'accord-op-suite',
    secret: 'accord-op-suite-secret-0123456789abcdef',
    authMethod: 'client_secret_basic',
  },
  {
    confKey: 'accordpost',
    id: 'accord-op-suite-post',
    secret: 'accord-op-suite-post-secret-0123456789abcdef',
    authMethod: 'client_secret_post',
  },
];
export const LEMON_REDIRECT_URI = 'https://rp.accord.invalid/callback';
export const LEMON_POST_LOGOUT_URI = 'https://rp.accord.invalid/signed-out';

/**
 * Another relying party to register (the reference SP): its redirect URIs, and the claims it gets
 * (claim → LemonLDAP session attribute, with LemonLDAP's ";type;array" suffix where needed) beyond
 * the standard ones, each under a scope of its own name.
 */
export interface LemonRelyingParty {
  confKey: string;
  id: string;
  secret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  extraClaims?: Record<string, string>;
}

export interface LemonConfInput {
  baseUrl: string;
  dir: string;
  privateKeyPem: string;
  publicKeyPem: string;
  relyingParties?: LemonRelyingParty[];
}

/** Claim → session attribute of the Demo users (uid, cn, mail): what every client gets. */
const CLAIMS = { email: 'mail', name: 'cn', family_name: 'sn', preferred_username: 'uid' };

/**
 * LemonLDAP::NG's configuration (the File backend's lmConf-1.json) built on the package's demo one:
 * the portal at `baseUrl`, sessions under `dir`, the OpenID Connect issuer on with an RS256 key, and
 * Accord's two clients registered with the OP suite's redirect URIs (and `relyingParties` with
 * theirs), consent bypassed (a client of the organisation's own, as the OP suite's flows assume)
 * and refresh tokens on.
 */
export function lemonConf(input: LemonConfInput): Record<string, unknown> {
  const base = JSON.parse(readFileSync(DEBIAN_CONF, 'utf8')) as Record<string, unknown>;
  const { dir } = input;
  // The demo registration module needs MIME::Tools to mail; nothing here registers users.
  const { registerDB: _register, ...conf } = base;
  const rp = (c: { id: string; secret: string }, redirectUri: string, postLogoutRedirectUri: string) => ({
    oidcRPMetaDataOptionsClientID: c.id,
    oidcRPMetaDataOptionsClientSecret: c.secret,
    oidcRPMetaDataOptionsRedirectUris: redirectUri,
    oidcRPMetaDataOptionsPostLogoutRedirectUris: postLogoutRedirectUri,
    oidcRPMetaDataOptionsIDTokenSignAlg: 'RS256',
    oidcRPMetaDataOptionsBypassConsent: 1,
    oidcRPMetaDataOptionsPublic: 0,
    oidcRPMetaDataOptionsRequirePKCE: 0,
    oidcRPMetaDataOptionsRefreshToken: 1,
    oidcRPMetaDataOptionsIDTokenExpiration: 3600,
    oidcRPMetaDataOptionsAccessTokenExpiration: 3600,
  });
  const others = input.relyingParties ?? [];
  const options = {
    ...Object.fromEntries(
      LEMON_CLIENTS.map((c) => [c.confKey, rp(c, LEMON_REDIRECT_URI, LEMON_POST_LOGOUT_URI)]),
    ),
    ...Object.fromEntries(others.map((r) => [r.confKey, rp(r, r.redirectUri, r.postLogoutRedirectUri)])),
  };
  const exported = {
    ...Object.fromEntries(LEMON_CLIENTS.map((c) => [c.confKey, CLAIMS])),
    ...Object.fromEntries(others.map((r) => [r.confKey, { ...CLAIMS, ...r.extraClaims }])),
  };
  // A claim of one's own is released under a scope: here a scope named as the claim.
  const extraClaims = Object.fromEntries(
    others
      .filter((r) => r.extraClaims)
      .map((r) => [r.confKey, Object.fromEntries(Object.keys(r.extraClaims ?? {}).map((k) => [k, k]))]),
  );
  return {
    ...conf,
    cfgNum: 1,
    portal: `${input.baseUrl}/`,
    domain: new URL(input.baseUrl).hostname,
    securedCookie: 0,
    cookieName: `llngaccord${new URL(input.baseUrl).port}`,
    notification: 0,
    loginHistoryEnabled: 0,
    globalStorageOptions: { Directory: `${dir}/sessions`, LockDirectory: `${dir}/sessions/lock` },
    persistentStorageOptions: { Directory: `${dir}/psessions`, LockDirectory: `${dir}/psessions/lock` },
    localSessionStorageOptions: {
      namespace: 'lemonldap-ng-sessions',
      default_expires_in: 600,
      directory_umask: '007',
      cache_root: `${dir}/cache`,
      cache_depth: 3,
    },
    issuerDBOpenIDConnectActivation: 1,
    oidcServicePrivateKeySig: input.privateKeyPem,
    oidcServicePublicKeySig: input.publicKeyPem,
    oidcServiceKeyIdSig: 'accord-lemonldap-1',
    oidcRPMetaDataOptions: options,
    oidcRPMetaDataExportedVars: exported,
    oidcRPMetaDataOptionsExtraClaims: extraClaims,
  };
}

/** lemonldap-ng.ini: the File configuration backend in `dir`, the packaged portal templates. */
export function lemonIni(dir: string): string {
  return `[all]
logLevel = notice
checkTime = 1
[configuration]
type = File
dirName = ${dir}/conf
[portal]
staticPrefix = /static
templateDir = /usr/share/lemonldap-ng/portal/templates
languages = en
[handler]
status = 0
`;
}

/**
 * The PSGI app plackup serves: the packaged portal, its static files (/static/, the package's
 * htdocs) and /javascript/ (jQuery, Bootstrap: the libjs-* packages it depends on), as Debian's
 * web server configuration would. Without them those requests reach the portal, which answers a
 * signed-in user pending re-authentication by redirecting each to the stored authorization
 * request, spending it before the browser submits the login form.
 */
export function lemonPsgi(portalPsgi: string): string {
  return `use Plack::Builder;
use Plack::App::File;
use Plack::Util;
my $portal = Plack::Util::load_psgi('${portalPsgi}');
builder {
  mount '/javascript' => Plack::App::File->new(root => '/usr/share/javascript')->to_app;
  mount '/static' => Plack::App::File->new(root => '${STATIC}')->to_app;
  mount '/' => $portal;
};
`;
}
