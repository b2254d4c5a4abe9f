import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpInfo } from '../lib/admin/protocol.ts';
import { privateKeyObject } from '../lib/pki/certificate.ts';
import { Keystore } from '../lib/pki/keystore.ts';
import { encodePostMessage } from '../lib/saml/bindings.ts';
import { NAMEID_FORMAT } from '../lib/saml/namespaces.ts';
import { buildResponse } from '../lib/saml/response/build-response.ts';
import { startChild, tsxArgs } from './child.ts';
import { type LoadResult, runLoad } from './load.ts';
import { processCpuSeconds } from './process-cpu.ts';

/**
 * Responses fully validated per second at the reference SP's ACS (schema, signature and every
 * check, then sign-in): unsolicited, each with fresh IDs so the replay cache never short-cuts.
 */
export async function benchReferenceSp(durationMs: number): Promise<LoadResult & { prepared: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-sp-'));
  const idpKeys = new Keystore(join(dir, 'idp')).get('bench-idp', { commonName: 'bench-idp' });
  const sp = await startChild(
    process.execPath,
    (process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [])
      .concat(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [])
      .concat(tsxArgs('simulators/sp/main.ts', ['--port', '0', '--state', 'memory'])),
  );
  try {
    const info = JSON.parse(sp.firstLine) as SpInfo;
    const idpEntity = 'http://127.0.0.1:9/bench-idp';
    const md = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${idpEntity}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${idpKeys.certPem.replace(/-----[^-]+-----|\s/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http://127.0.0.1:9/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
    const t = await fetch(`${info.baseUrl}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: md,
    });
    if (!t.ok) throw new Error(`SP refused the bench IdP: ${await t.text()}`);
    const key = privateKeyObject(idpKeys.keyPem);
    // Enough distinct Responses for the run: each is accepted once (replay cache), then refused.
    const count = Math.ceil((durationMs / 1000 + 2) * 2500);
    const now = Date.now();
    const bodies: string[] = [];
    for (let i = 0; i < count; i++) {
      const email = 'bench.user@corp.test';
      const { xml } = buildResponse(
        {
          issuer: idpEntity,
          destination: info.acsUrl,
          audience: info.entityId,
          recipient: info.acsUrl,
          nameId: { value: email, format: NAMEID_FORMAT.emailAddress },
          attributes: [
            { name: 'uid', values: [email] },
            { name: 'email', values: [email] },
          ],
          issueInstant: new Date(now),
          notBefore: new Date(now - 60_000),
          notOnOrAfter: new Date(now + 3_600_000),
          subjectConfirmationNotOnOrAfter: new Date(now + 3_600_000),
          sessionIndex: `_s${i}`,
          authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
        },
        { signResponse: false, signAssertion: true, key, certPem: idpKeys.certPem },
      );
      bodies.push(new URLSearchParams({ SAMLResponse: encodePostMessage(xml) }).toString());
    }
    const result = await runLoad({
      concurrency: 16,
      durationMs,
      // Long enough for the JIT to settle: the steady state is what is measured.
      warmupMs: 1500,
      next: (i) => ({
        method: 'POST',
        url: info.acsUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: bodies[i % bodies.length],
      }),
      accept: (status) => status === 302 || status === 303,
      serverCpu: () => processCpuSeconds(sp.proc.pid!),
    });
    return { ...result, prepared: count };
  } finally {
    await sp.stop();
  }
}
