import { execFileSync } from 'node:child_process';
import { simpleSamlPhpMissing, startSimpleSamlPhp } from '../interop/simplesamlphp/start-simplesamlphp.ts';
import { trustPeerInSimpleSamlPhp } from '../interop/simplesamlphp/trust-peer.ts';
import { SSP_IDP_USERS } from '../interop/simplesamlphp/users.ts';
import { issueSelfSignedCertificate } from '../lib/pki/certificate.ts';
import { buildAuthnRequestXml } from '../lib/saml/authn-request/build-authn-request.ts';
import { buildRedirectQuery } from '../lib/saml/bindings.ts';
import { buildSpMetadata } from '../lib/saml/metadata/build-sp-metadata.ts';
import { parseMetadata, pickEndpoint } from '../lib/saml/metadata/parse-metadata.ts';
import { BENCH_ACS, BENCH_SP } from './idp-simulator.ts';
import { type LoadResult, runLoad } from './load.ts';

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const c of res.headers.getSetCookie()) {
    const [kv] = c.split(';');
    const i = kv.indexOf('=');
    jar.set(kv.slice(0, i), kv.slice(i + 1));
  }
}

const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * SimpleSAMLphp's IdP (Apache + mod_php, as Debian ships it), same method as the IdP simulator:
 * a signed-in browser's AuthnRequest in, the auto-post form with a signed Response out.
 * Undefined when it is not installed.
 */
export async function benchSimpleSamlPhp(
  durationMs: number,
): Promise<(LoadResult & { version: string }) | undefined> {
  if (simpleSamlPhpMissing().length > 0) return undefined;
  const peer = await startSimpleSamlPhp('idp', { lifetimeSeconds: 600 });
  try {
    const sp = issueSelfSignedCertificate({ commonName: 'bench-sp' });
    const md = buildSpMetadata({
      entityId: BENCH_SP,
      acsUrls: [BENCH_ACS],
      signing: { key: sp.keyPem, certPem: sp.certPem },
      authnRequestsSigned: false,
    });
    await trustPeerInSimpleSamlPhp('idp', peer.baseUrl, md);
    const idpMd = parseMetadata(await (await fetch(peer.metadataUrl)).text());
    const sso = pickEndpoint(idpMd.idp!.ssoServices, 'redirect')!.location;
    const { xml } = buildAuthnRequestXml({ destination: sso, issuer: BENCH_SP, acsUrl: BENCH_ACS });
    const query = buildRedirectQuery('SAMLRequest', xml, 'bench');
    const jar = new Map<string, string>();
    let res = await fetch(`${sso}?${query}`, { redirect: 'manual' });
    cookiesOf(res, jar);
    let loc = res.headers.get('location');
    while (loc && !/loginuserpass/.test(loc)) {
      res = await fetch(new URL(loc, sso), { redirect: 'manual', headers: { cookie: header(jar) } });
      cookiesOf(res, jar);
      loc = res.headers.get('location');
    }
    if (!loc) throw new Error(`SimpleSAMLphp did not ask for a login (${res.status})`);
    const loginUrl = new URL(loc, sso);
    const user = SSP_IDP_USERS[0];
    res = await fetch(loginUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        username: user.username,
        password: user.password,
        AuthState: loginUrl.searchParams.get('AuthState') ?? '',
      }),
    });
    cookiesOf(res, jar);
    const cookie = header(jar);
    const check = await (await fetch(`${sso}?${query}`, { headers: { cookie } })).text();
    if (!check.includes('SAMLResponse'))
      throw new Error(`SimpleSAMLphp bench login failed: ${check.slice(0, 200)}`);
    const result = await runLoad({
      concurrency: 8,
      durationMs,
      next: () => ({ method: 'GET', url: `${sso}?${query}`, headers: { cookie } }),
      accept: (status, body) => status === 200 && body.includes('SAMLResponse'),
    });
    const version = execFileSync('dpkg-query', ['-W', `-f=${'$'}{Version}`, 'simplesamlphp']).toString();
    return { ...result, version };
  } finally {
    await peer.stop();
  }
}
