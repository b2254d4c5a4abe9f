import type { Keystore } from '../../../lib/pki/keystore.ts';
import { createTestCa, type TestCa, testCaFrom } from '../../../lib/pki/test-ca.ts';

const KEY_NAME = 'sp-test-ca';

/**
 * The certificate authority that signs the reference SP's "ca-signed" certificates, standing in
 * for the seed's "public certificate authority": made on first use and kept in the keystore beside
 * the SP's keys, so its certificate (the trust anchor an IdP is given, GET /__accord/certificates/ca)
 * survives a restart as the certificates it signed do.
 */
export function spTestCa(keystore: Keystore): TestCa {
  if (keystore.has(KEY_NAME)) return testCaFrom(keystore.get(KEY_NAME));
  const ca = createTestCa({ commonName: 'Accord Test SP CA', organization: 'Accord' });
  keystore.put(KEY_NAME, ca);
  return ca;
}
