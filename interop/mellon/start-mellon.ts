import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certBase64, issueSelfSignedCertificate } from '../../lib/pki/index.ts';
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

export const MELLON_PEER = 'mellon';
export const MELLON_DEFAULT_PORT = 8470;

/** Debian packages this peer needs. */
export const MELLON_PACKAGES = ['apache2', 'libapache2-mod-auth-mellon'];

/** Placeholder entity: mellon builds its SP (and its metadata page) only once some IdP is configured. */
export const PLACEHOLDER_IDP = 'urn:accord:interop:no-idp-trusted-yet';

export type MellonOptions = PeerStartOptions;

export interface MellonPeer {
  peer: typeof MELLON_PEER;
  baseUrl: string;
  metadataUrl: string;
  entityId: string;
  dir: string;
  errorLog: string;
  /** Settles when the server has ended, whoever ended it. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

export function mellonMissing(): string[] {
  const missing = apacheMissing();
  if (!apacheModuleInstalled('auth_mellon')) missing.push('libapache2-mod-auth-mellon');
  return missing;
}

function placeholderMetadata(): string {
  const { certPem } = issueSelfSignedCertificate({ commonName: 'accord placeholder IdP' });
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Stands in until the first IdP is trusted: it points nowhere and no one holds its key. -->
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${PLACEHOLDER_IDP}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBase64(certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http://127.0.0.1:9/no-idp-trusted-yet"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}

function siteConfig(dir: string, port: number): string {
  return `${cgiSite(dir, { '/protected/echo': 'echo.pl' })}

# mellon sets SameSite=None on its cookie-test cookie whatever MellonCookieSameSite says, and
# Chromium drops SameSite=None cookies that are not Secure, which they cannot be over plain http.
# MELLON_DISABLE_SAMESITE is mellon's documented switch for browsers that mishandle SameSite.
SetEnvIf Request_URI "^" MELLON_DISABLE_SAMESITE=1

MellonLockFile "${dir}/run/mellon.lock"
MellonCacheSize 100

<Location />
  MellonEnable info
  MellonEndpointPath /mellon
  MellonSPPrivateKeyFile "${dir}/sp/sp.key"
  MellonSPCertFile "${dir}/sp/sp.crt"
  # One file per trusted IdP; the exchange hook adds them (interop/mellon/trust-idp.ts).
  MellonIdPMetadataGlob "${dir}/idp/*.xml"
  # Plain http on loopback: a Secure cookie would never come back.
  MellonSecureCookie Off
  # Browsers share cookies across ports on one host: a name per instance.
  MellonVariable accord-${port}
  MellonDefaultLoginPath /protected/echo
  MellonIdP IDP
  MellonSessionLength 3600
</Location>

<Location /protected>
  AuthType Mellon
  MellonEnable auth
  Require valid-user
</Location>
`;
}

const INDEX = indexPage('mod_auth_mellon interop peer', [
  '<a href="/mellon/metadata">SP metadata</a>',
  '<a href="/protected/echo">Protected page</a> (signs in with the first trusted IdP)',
]);

/** Apache httpd with mod_auth_mellon as a SAML SP, configured from scratch in a temp folder. */
export async function startMellon(opts: MellonOptions = {}): Promise<MellonPeer> {
  const missing = mellonMissing();
  if (missing.length > 0)
    throw new Error(`mod_auth_mellon peer: missing Debian packages: ${missing.join(' ')}`);
  const { server, dir, stop } = await startApachePeer({
    peer: MELLON_PEER,
    ...opts,
    prepare(dir, port, account) {
      for (const sub of ['sp', 'idp', 'htdocs', 'cgi', 'run', 'logs']) ensureDir(join(dir, sub));
      const { keyPem, certPem } = issueSelfSignedCertificate({
        commonName: `accord-mellon-sp-${port}`,
        organization: 'Accord interop',
      });
      writeFileSync(join(dir, 'sp', 'sp.key'), keyPem, { mode: 0o600 });
      writeFileSync(join(dir, 'sp', 'sp.crt'), certPem);
      writeFileSync(join(dir, 'idp', '00-placeholder.xml'), placeholderMetadata());
      writeSiteFiles(dir, INDEX, { 'echo.pl': ECHO_CGI });
      handToWorker(join(dir, 'sp'), account);
      handToWorker(join(dir, 'run'), account);
      return {
        name: `mod_auth_mellon on port ${port}`,
        modules: [...CORE_MODULES, 'headers', 'setenvif', 'cgi', 'auth_mellon'],
        site: siteConfig(dir, port),
      };
    },
  });
  const baseUrl = server.baseUrl;
  return {
    peer: MELLON_PEER,
    baseUrl,
    metadataUrl: `${baseUrl}/mellon/metadata`,
    entityId: `${baseUrl}/mellon/metadata`,
    dir,
    errorLog: server.errorLog,
    ended: server.ended,
    stop,
  };
}
