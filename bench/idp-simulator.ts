import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdpInfo, TestUser } from '../lib/admin/protocol.ts';
import { issueSelfSignedCertificate } from '../lib/pki/certificate.ts';
import { buildAuthnRequestXml } from '../lib/saml/authn-request/build-authn-request.ts';
import { buildRedirectQuery } from '../lib/saml/bindings.ts';
import { buildSpMetadata } from '../lib/saml/metadata/build-sp-metadata.ts';
import { type Child, startChild, tsxArgs } from './child.ts';
import { type LoadResult, runLoad } from './load.ts';
import { processCpuSeconds } from './process-cpu.ts';

export const BENCH_SP = 'http://127.0.0.1:9/bench-sp';
export const BENCH_ACS = 'http://127.0.0.1:9/bench-sp/acs';

export interface IdpUnderLoad {
  child: Child;
  info: IdpInfo;
  cookie: string;
  ssoQuery: string;
}

/** Starts an IdP simulator process, makes it trust a bench SP, and signs a user in once. */
export async function startIdpForLoad(scenarioFile: string, keystoreDir: string): Promise<IdpUnderLoad> {
  const child = await startChild(
    process.execPath,
    (process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []).concat(
      tsxArgs('simulators/idp/main.ts', [
        '--scenario',
        scenarioFile,
        '--port',
        '0',
        '--keystore',
        keystoreDir,
        '--state',
        'memory',
      ]),
    ),
  );
  const info = JSON.parse(child.firstLine) as IdpInfo;
  const sp = issueSelfSignedCertificate({ commonName: 'bench-sp' });
  const md = buildSpMetadata({
    entityId: BENCH_SP,
    acsUrls: [BENCH_ACS],
    signing: { key: sp.keyPem, certPem: sp.certPem },
    authnRequestsSigned: false,
  });
  const trusted = await fetch(`${info.baseUrl}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: md,
  });
  if (!trusted.ok) throw new Error(`IdP refused the bench SP metadata: ${await trusted.text()}`);
  const user = ((await (await fetch(`${info.baseUrl}/__accord/test-users`)).json()) as TestUser[])[0];
  const { xml } = buildAuthnRequestXml({ destination: info.ssoUrl, issuer: BENCH_SP, acsUrl: BENCH_ACS });
  const ssoQuery = buildRedirectQuery('SAMLRequest', xml, 'bench');
  const first = await fetch(`${info.ssoUrl}?${ssoQuery}`, { redirect: 'manual' });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
  const loginUrl = new URL(first.headers.get('location') ?? '', info.ssoUrl);
  const form = new URLSearchParams({
    username: user.username,
    password: user.password,
    req: loginUrl.searchParams.get('req') ?? '',
  });
  const signedIn = await fetch(loginUrl, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const body = await signedIn.text();
  if (!body.includes('SAMLResponse'))
    throw new Error(`bench login failed (${signedIn.status}): ${body.slice(0, 300)}`);
  return { child, info, cookie, ssoQuery };
}

/** Signed Responses per second over HTTP: AuthnRequest in, auto-post form with a signed Response out. */
export async function benchIdpSimulator(
  scenarioFile: string,
  processes: number,
  durationMs: number,
): Promise<LoadResult & { processes: number }> {
  const keystore = mkdtempSync(join(tmpdir(), 'accord-bench-keys-'));
  const idps: IdpUnderLoad[] = [];
  try {
    for (let i = 0; i < processes; i++) idps.push(await startIdpForLoad(scenarioFile, keystore));
    const result = await runLoad({
      concurrency: 8 * processes,
      warmupMs: 1500,
      durationMs,
      next: (i) => {
        const idp = idps[i % idps.length];
        return { method: 'GET', url: `${idp.info.ssoUrl}?${idp.ssoQuery}`, headers: { cookie: idp.cookie } };
      },
      accept: (status, body) => status === 200 && body.includes('name="SAMLResponse"'),
      serverCpu: () => {
        const each = idps.map((i) => processCpuSeconds(i.child.proc.pid!));
        return each.some((c) => c === undefined) ? undefined : each.reduce((a, c) => a! + c!, 0);
      },
    });
    return { ...result, processes };
  } finally {
    await Promise.all(idps.map((i) => i.child.stop()));
  }
}
