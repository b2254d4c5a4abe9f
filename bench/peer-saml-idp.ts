import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../interop/shared/ports.ts';
import { issueSelfSignedCertificate } from '../lib/pki/certificate.ts';
import { startChild } from './child.ts';
import { BENCH_ACS, BENCH_SP } from './idp-simulator.ts';
import { type LoadResult, runLoad } from './load.ts';

const DIR = resolve('bench/peers/saml-idp');

/** Installs the npm `saml-idp` peer on first use, into a folder of its own. */
export function ensureSamlIdp(): string {
  const bin = join(DIR, 'node_modules/saml-idp/bin/run.js');
  if (!existsSync(bin)) {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: DIR,
      stdio: 'inherit',
    });
  }
  return bin;
}

/** The npm saml-idp mock IdP, same method: sign-in post in, auto-post form with a signed Response out. */
export async function benchSamlIdp(durationMs: number): Promise<LoadResult & { version: string }> {
  const bin = ensureSamlIdp();
  const tmp = mkdtempSync(join(tmpdir(), 'accord-bench-saml-idp-'));
  const kc = issueSelfSignedCertificate({ commonName: 'saml-idp' });
  writeFileSync(join(tmp, 'cert.pem'), kc.certPem);
  writeFileSync(join(tmp, 'key.pem'), kc.keyPem);
  const port = await freePort();
  const child = await startChild(
    process.execPath,
    [
      bin,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--acs',
      BENCH_ACS,
      '--aud',
      BENCH_SP,
      '--cert',
      join(tmp, 'cert.pem'),
      '--key',
      join(tmp, 'key.pem'),
      '--conf',
      join(DIR, 'node_modules/saml-idp/config.js'),
    ],
    { cwd: tmp },
  );
  try {
    // It prints a banner line before listening; wait for the port to answer.
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/metadata`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const body = new URLSearchParams({
      userName: 'saml.jackson@example.com',
      email: 'saml.jackson@example.com',
    }).toString();
    const result = await runLoad({
      concurrency: 8,
      durationMs,
      next: () => ({
        method: 'POST',
        url: `http://127.0.0.1:${port}/signin`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
      accept: (status, text) => status === 200 && text.includes('SAMLResponse'),
    });
    const version = (
      JSON.parse(execFileSync('npm', ['ls', 'saml-idp', '--json'], { cwd: DIR }).toString()) as {
        dependencies: { 'saml-idp': { version: string } };
      }
    ).dependencies['saml-idp'].version;
    return { ...result, version };
  } finally {
    await child.stop();
  }
}
