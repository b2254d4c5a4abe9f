import type { KeyObject } from 'node:crypto';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/certificate.ts';

export interface SigningKey {
  key: KeyObject;
  certPem: string;
}

const byCommonName = new Map<string, SigningKey>();

/**
 * A key made once per process and published nowhere, with a certificate whose subject CN equals
 * the real one: an SP must trust the metadata key, not whatever KeyInfo carries.
 */
export function untrustedKey(commonName: string, organization?: string): SigningKey {
  let k = byCommonName.get(commonName);
  if (!k) {
    const pair = issueSelfSignedCertificate({ commonName, organization });
    k = { key: privateKeyObject(pair.keyPem), certPem: pair.certPem };
    byCommonName.set(commonName, k);
  }
  return k;
}
