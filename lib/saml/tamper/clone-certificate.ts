import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';

const cache = new WeakMap<KeyObject, Map<string, string>>();

/**
 * A certificate for `key` that copies the legitimate certificate's subject, issuer, serial number
 * and validity: everything a verifier that trusts by name rather than by key looks at. Signed by
 * `key` itself, so it chains to nothing.
 */
export function certificateWithSubjectOf(templatePem: string, key: KeyObject): string {
  let perKey = cache.get(key);
  const hit = perKey?.get(templatePem);
  if (hit) return hit;
  const template = forge.pki.certificateFromPem(templatePem);
  const privateKey = forge.pki.privateKeyFromPem(key.export({ type: 'pkcs8', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = template.serialNumber;
  cert.validity.notBefore = template.validity.notBefore;
  cert.validity.notAfter = template.validity.notAfter;
  cert.setSubject(template.subject.attributes);
  cert.setIssuer(template.issuer.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  if (!perKey) {
    perKey = new Map();
    cache.set(key, perKey);
  }
  perKey.set(templatePem, pem);
  return pem;
}
