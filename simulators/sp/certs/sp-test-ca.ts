import { createTestCa, type TestCa } from '../../../lib/pki/test-ca.ts';

let ca: TestCa | undefined;

/**
 * The certificate authority that signs the reference SP's "ca-signed" certificates, standing in
 * for the seed's "public certificate authority": made on first use and kept for the life of the
 * process (its certificate is the trust anchor an IdP is given, GET /__accord/certificates/ca).
 */
export function spTestCa(): TestCa {
  ca ??= createTestCa({ commonName: 'Accord Test SP CA', organization: 'Accord' });
  return ca;
}
