import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { issueSelfSignedCertificate } from '../../lib/pki/index.ts';
import { loadScenario } from '../../lib/scenario/index.ts';
import { startApachePeer } from '../shared/apache-peer.ts';
import {
  apacheMissing,
  CORE_MODULES,
  cgiSite,
  indexPage,
  type PeerStartOptions,
  writeSiteFiles,
} from '../shared/apache-site.ts';
import { freePort } from '../shared/ports.ts';
import { ensureDir, handToWorker } from '../shared/run-dir.ts';
import { attributeMapXml, nativeLogger, shibboleth2Xml, shibdLogger, spEntityId } from './config-files.ts';
import { echoCgi } from './echo-cgi.ts';
import { SHIBD_BIN, startShibd } from './shibd.ts';

export const SHIBBOLETH_PEER = 'shibboleth-sp';
export const SHIBBOLETH_DEFAULT_PORT = 8474;

/** Debian packages this peer needs. */
export const SHIBBOLETH_PACKAGES = ['apache2', 'libapache2-mod-shib', 'shibboleth-sp-utils'];

const MOD_SHIB = '/usr/lib/apache2/modules/mod_shib.so';
/** The packaged policy files, copied unchanged: the SP's defaults for message security and protocols. */
const PACKAGED = ['security-policy.xml', 'protocols.xml'];
const ROOT = resolve(import.meta.dirname, '../..');

export type ShibbolethOptions = PeerStartOptions;

export interface ShibbolethPeer {
  peer: typeof SHIBBOLETH_PEER;
  baseUrl: string;
  metadataUrl: string;
  entityId: string;
  dir: string;
  ended: Promise<void>;
  stop(): Promise<void>;
}

export function shibbolethMissing(): string[] {
  const missing = apacheMissing();
  if (!existsSync(MOD_SHIB)) missing.push('libapache2-mod-shib');
  if (!existsSync(SHIBD_BIN) || !PACKAGED.every((f) => existsSync(join('/etc/shibboleth', f))))
    missing.push('shibboleth-sp-utils');
  return missing;
}

/** Every attribute name the shipped SAML scenarios assert, in a stable order. */
export function scenarioAttributeNames(): string[] {
  const dir = join(ROOT, 'scenarios');
  const names = new Set<string>();
  for (const f of readdirSync(dir)
    .filter((x) => /\.ya?ml$/.test(x))
    .sort()) {
    const s = loadScenario(join(dir, f));
    if (s.protocol !== 'saml2') continue;
    for (const a of s.idp.attributes) names.add(a.name);
  }
  return [...names].sort();
}

function siteConfig(dir: string): string {
  return `LoadModule mod_shib ${MOD_SHIB}
ShibConfig "${dir}/etc/shibboleth2.xml"
ShibCompatValidUser Off

${cgiSite(dir, { '/protected/echo': 'echo.pl' })}

<Location /Shibboleth.sso>
  AuthType None
  Require all granted
</Location>

<Location /protected>
  AuthType shibboleth
  ShibRequestSetting requireSession 1
  Require shib-session
</Location>
`;
}

const INDEX = indexPage('Shibboleth SP interop peer', [
  '<a href="/Shibboleth.sso/Metadata">SP metadata</a>',
  '<a href="/Shibboleth.sso/Session">Session</a>',
  '<a href="/protected/echo">Protected page</a>',
]);

/**
 * Apache httpd with mod_shib, and shibd beside it, as a SAML SP configured from scratch in a temp
 * folder: its own configuration, keys, listener port, logs and pid file.
 */
export async function startShibboleth(opts: ShibbolethOptions = {}): Promise<ShibbolethPeer> {
  const missing = shibbolethMissing();
  if (missing.length > 0)
    throw new Error(`Shibboleth SP peer: missing Debian packages: ${missing.join(' ')}`);
  const listenerPort = await freePort();
  const names = scenarioAttributeNames();
  const { server, dir, stop } = await startApachePeer({
    peer: SHIBBOLETH_PEER,
    ...opts,
    prepare(dir, port, account) {
      for (const sub of ['etc', 'sp', 'idp', 'htdocs', 'cgi', 'run', 'logs']) ensureDir(join(dir, sub));
      const { keyPem, certPem } = issueSelfSignedCertificate({
        commonName: `accord-shibboleth-sp-${port}`,
        organization: 'Accord interop',
      });
      writeFileSync(join(dir, 'sp', 'sp.key'), keyPem, { mode: 0o600 });
      writeFileSync(join(dir, 'sp', 'sp.crt'), certPem);
      writeFileSync(join(dir, 'etc', 'shibboleth2.xml'), shibboleth2Xml({ dir, port, listenerPort }));
      writeFileSync(join(dir, 'etc', 'attribute-map.xml'), attributeMapXml(names));
      writeFileSync(join(dir, 'etc', 'shibd.logger'), shibdLogger(dir));
      writeFileSync(join(dir, 'etc', 'native.logger'), nativeLogger(dir));
      for (const f of PACKAGED) copyFileSync(join('/etc/shibboleth', f), join(dir, 'etc', f));
      writeSiteFiles(dir, INDEX, { 'echo.pl': echoCgi(names) });
      // mod_shib runs in Apache's children, as the worker account: its log must be theirs.
      writeFileSync(join(dir, 'logs', 'native.log'), '');
      handToWorker(join(dir, 'logs', 'native.log'), account);
      return {
        name: `Shibboleth SP on port ${port}`,
        modules: [...CORE_MODULES, 'headers', 'cgi'],
        site: siteConfig(dir),
      };
    },
  });
  let shibd: Awaited<ReturnType<typeof startShibd>>;
  try {
    shibd = await startShibd({
      configFile: join(dir, 'etc', 'shibboleth2.xml'),
      pidFile: join(dir, 'run', 'shibd.pid'),
      listenerPort,
      logFile: join(dir, 'logs', 'shibd.log'),
      lifetimeSeconds: opts.lifetimeSeconds,
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const baseUrl = server.baseUrl;
  return {
    peer: SHIBBOLETH_PEER,
    baseUrl,
    metadataUrl: `${baseUrl}/Shibboleth.sso/Metadata`,
    entityId: spEntityId(Number(new URL(baseUrl).port)),
    dir,
    ended: Promise.race([server.ended, shibd.ended]),
    async stop() {
      await shibd.stop();
      await stop();
    },
  };
}
