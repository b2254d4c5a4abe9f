import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { CompactSign, compactVerify, importX509 } from 'jose';

/** What a certification package vouches for: every file's SHA-256, and the verdict its results give. */
export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  accordVersion: string;
  createdAt: string;
  /** The run's verdict in words and as an outcome, as conformance.json says them. */
  verdict: string;
  outcome: string;
  files: { path: string; bytes: number; sha256: string }[];
}

export const PACKAGE_FORMAT = 'accord-package/1';
export const MANIFEST_FILE = 'manifest.json';
/** The manifest's bytes signed: a compact JWS (RFC 7515) whose x5c header carries the signer's certificate. */
export const SIGNATURE_FILE = 'manifest.jws';
const JWS_TYPE = 'accord-manifest+jws';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileDigests(files: readonly { path: string; data: Buffer }[]): PackageManifest['files'] {
  return files.map((f) => ({ path: f.path, bytes: f.data.length, sha256: sha256(f.data) }));
}

const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

export async function signManifest(manifest: Buffer, keyPem: string, certPem: string): Promise<string> {
  return new CompactSign(manifest)
    .setProtectedHeader({ alg: 'RS256', typ: JWS_TYPE, x5c: [pemBody(certPem)] })
    .sign(createPrivateKey(keyPem));
}

export interface Signer {
  certPem: string;
  subject: string;
  /** SHA-256 of the certificate's DER: what a recipient compares with the vendor's published one. */
  fingerprint: string;
}

export function describeSigner(certPem: string): Signer {
  const cert = new X509Certificate(certPem);
  return { certPem, subject: cert.subject.replace(/\n/g, ', '), fingerprint: cert.fingerprint256 };
}

/**
 * Checks the JWS over the manifest with the certificate in its own header (or, pinned, only with
 * `trusted`), and that the signed payload is the manifest file byte for byte. Throws saying what failed.
 */
export async function verifyManifestSignature(
  jws: string,
  manifest: Buffer,
  trustedCertPem?: string,
): Promise<Signer> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw new Error(`${SIGNATURE_FILE} is not a compact JWS`);
  let header: { alg?: string; typ?: string; x5c?: unknown };
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new Error(`${SIGNATURE_FILE}: its header is not JSON`);
  }
  if (header.typ !== JWS_TYPE) throw new Error(`${SIGNATURE_FILE}: typ is "${header.typ}", not ${JWS_TYPE}`);
  const x5c = Array.isArray(header.x5c) && typeof header.x5c[0] === 'string' ? header.x5c[0] : undefined;
  if (!x5c) throw new Error(`${SIGNATURE_FILE}: no signer certificate (x5c) in its header`);
  const certPem = `-----BEGIN CERTIFICATE-----\n${x5c.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
  const signer = describeSigner(certPem);
  if (trustedCertPem && describeSigner(trustedCertPem).fingerprint !== signer.fingerprint)
    throw new Error(
      `signed by ${signer.subject} (SHA-256 ${signer.fingerprint}), not by the certificate given with --cert`,
    );
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws.trim(), await importX509(certPem, 'RS256'), {
      algorithms: ['RS256'],
    }));
  } catch (e) {
    throw new Error(`${SIGNATURE_FILE}: the signature does not verify (${(e as Error).message})`);
  }
  if (!Buffer.from(payload).equals(manifest))
    throw new Error(`${MANIFEST_FILE} is not the manifest that was signed`);
  return signer;
}
