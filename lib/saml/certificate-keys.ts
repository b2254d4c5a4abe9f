import { type KeyObject, X509Certificate } from 'node:crypto';

/*
 * The same few IdP certificates verify every Response; parsing a PEM certificate costs more than
 * the RSA verification it serves, so each is parsed once. Bounded, because a certificate may also
 * come from the message itself (the trust-keyinfo defect).
 */

const MAX_ENTRIES = 256;
const keys = new Map<string, KeyObject | null>();

/** The public key of a PEM certificate, or null when it is not a certificate node:crypto can read. */
export function certificateKey(pem: string): KeyObject | null {
  const cached = keys.get(pem);
  if (cached !== undefined) return cached;
  let key: KeyObject | null;
  try {
    key = new X509Certificate(pem).publicKey;
  } catch {
    key = null;
  }
  if (keys.size >= MAX_ENTRIES) keys.delete(keys.keys().next().value as string);
  keys.set(pem, key);
  return key;
}
