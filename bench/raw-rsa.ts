import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/** The physical limit: RSA-2048 PKCS#1 v1.5 SHA-256 with node:crypto on one core, keys parsed once. */
export function rawRsa(durationMs = 1500): { signsPerSecond: number; verifiesPerSecond: number } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const pub = createPublicKey(key);
  const data = Buffer.alloc(600, 'a');
  const rate = (fn: () => void) => {
    for (let i = 0; i < 50; i++) fn();
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < durationMs) {
      fn();
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  };
  const sig = sign('sha256', data, key);
  return {
    signsPerSecond: rate(() => sign('sha256', data, key)),
    verifiesPerSecond: rate(() => verify('sha256', data, pub, sig)),
  };
}
