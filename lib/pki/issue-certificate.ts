import forge from 'node-forge';
import type { CertificateOptions, KeyAndCertificate } from './certificate.ts';
import { newRsaKeyPem } from './rsa-key-pool.ts';

const DAY_MS = 86_400_000;

/** The certificate authority that signs a certificate: its key and its own certificate. */
export interface Issuer {
  keyPem: string;
  certPem: string;
}

export interface IssueOptions extends CertificateOptions {
  /** Validity from notBefore when notAfter is not given (default three years). */
  validDays?: number;
  /** Signed by this CA; self-signed without it. */
  issuer?: Issuer;
  /** A CA certificate (basicConstraints cA, keyCertSign), for test CAs and intermediates. */
  ca?: boolean;
}

/**
 * An X.509 certificate with the dates asked for (expiry tests), self-signed or signed by a CA
 * (trust-anchor tests). Seed ("Renew SP certificate"): "Self-signed by Cisco ... renew it once
 * every five years" or "Signed by a public certificate authority".
 */
export function issueCertificate(opts: IssueOptions): KeyAndCertificate {
  const keyPem = opts.keyPem ?? newRsaKeyPem();
  const privateKey = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  const notBefore = opts.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + (opts.validDays ?? 3 * 365) * DAY_MS);
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new Error(`certificate ${opts.commonName}: notAfter must lie after notBefore`);
  }
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [{ name: 'commonName', value: opts.commonName }];
  if (opts.organization) subject.push({ name: 'organizationName', value: opts.organization });
  cert.setSubject(subject);
  let signer = privateKey;
  if (opts.issuer) {
    const issuerCert = forge.pki.certificateFromPem(opts.issuer.certPem);
    cert.setIssuer(issuerCert.subject.attributes);
    signer = forge.pki.privateKeyFromPem(opts.issuer.keyPem);
  } else {
    cert.setIssuer(subject);
  }
  cert.setExtensions(
    opts.ca
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
          { name: 'subjectKeyIdentifier' },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        ],
  );
  cert.sign(signer, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}
