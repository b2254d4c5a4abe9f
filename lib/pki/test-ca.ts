import forge from 'node-forge';
import type { KeyAndCertificate } from './certificate.ts';
import { type IssueOptions, issueCertificate } from './issue-certificate.ts';

/** A certificate authority for tests: its certificate is the trust anchor, `issue` signs leaf certificates. */
export interface TestCa extends KeyAndCertificate {
  issue(opts: Omit<IssueOptions, 'issuer' | 'ca'>): KeyAndCertificate;
}

export function createTestCa(
  opts: Omit<IssueOptions, 'issuer' | 'ca'> = { commonName: 'Accord Test Root CA' },
): TestCa {
  return testCaFrom(issueCertificate({ validDays: 10 * 365, ...opts, ca: true }));
}

/** A test CA whose root key and certificate exist already (kept in a keystore, say). */
export function testCaFrom(root: KeyAndCertificate): TestCa {
  const pair = { keyPem: root.keyPem, certPem: root.certPem };
  return { ...pair, issue: (leaf) => issueCertificate({ ...leaf, issuer: pair }) };
}

export interface ChainVerdict {
  ok: boolean;
  detail: string;
}

/**
 * Whether `certPem` chains to one of the trust anchors (directly, or through `intermediatesPem`)
 * and every certificate on the way is valid at `at`. RFC 5280 6.1 path validation, by node-forge.
 */
export function verifyChain(
  certPem: string,
  anchorsPem: readonly string[],
  at: Date,
  intermediatesPem: readonly string[] = [],
): ChainVerdict {
  if (anchorsPem.length === 0) return { ok: false, detail: 'no trust anchor is configured' };
  let leaf: forge.pki.Certificate;
  try {
    leaf = forge.pki.certificateFromPem(certPem);
  } catch (e) {
    return { ok: false, detail: `the certificate cannot be read: ${(e as Error).message}` };
  }
  const store = forge.pki.createCaStore([...anchorsPem]);
  const chain = [leaf, ...intermediatesPem.map((p) => forge.pki.certificateFromPem(p))];
  try {
    forge.pki.verifyCertificateChain(store, chain, { validityCheckDate: at });
    return { ok: true, detail: `chains to the trust anchor ${issuerName(chain.at(-1)!)}` };
  } catch (e) {
    const err = e as { message?: string; error?: string };
    return {
      ok: false,
      detail: `the certificate ${subjectName(leaf)} does not chain to a configured trust anchor (${err.message ?? err.error ?? String(e)})`,
    };
  }
}

function subjectName(c: forge.pki.Certificate): string {
  return c.subject.attributes.map((a) => `${a.shortName}=${a.value}`).join(', ');
}

function issuerName(c: forge.pki.Certificate): string {
  return c.issuer.attributes.map((a) => `${a.shortName}=${a.value}`).join(', ');
}
