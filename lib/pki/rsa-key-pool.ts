import { generateKeyPair, generateKeyPairSync } from 'node:crypto';

/**
 * RSA-2048 private keys (PKCS#8 PEM) made ahead of need. The default run makes a dozen or more
 * keys while its tests run (key rollovers, certificate renewals, keys no one trusts for attacks),
 * each a hundred milliseconds or more of CPU; made one at a time on a thread of their own while
 * the run starts, when a core is idle, they cost the tests nothing. Each key is handed out once.
 */
const spare: string[] = [];
let wanted = 0;
let making = false;

const BITS = 2048;

function exportPem(privateKey: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function makeNext(): void {
  if (spare.length >= wanted) {
    making = false;
    return;
  }
  making = true;
  generateKeyPair('rsa', { modulusLength: BITS }, (error, _publicKey, privateKey) => {
    if (error) {
      // The pool is only a head start: keys are then made when asked for.
      making = false;
      wanted = 0;
      return;
    }
    spare.push(exportPem(privateKey));
    makeNext();
  });
}

/** Starts making keys in the background until `count` are spare; returns at once. */
export function prepareRsaKeys(count: number): void {
  wanted = Math.max(wanted, count);
  if (!making) makeNext();
}

/**
 * A new RSA private key in PKCS#8 PEM, from node:crypto's native keygen (node-forge only builds
 * certificates): a spare one when there is one, else made now.
 */
export function newRsaKeyPem(bits = BITS): string {
  if (bits === BITS) {
    const ready = spare.shift();
    if (ready) return ready;
  }
  return exportPem(generateKeyPairSync('rsa', { modulusLength: bits }).privateKey);
}

/** How many keys are spare now (for tests). */
export function spareRsaKeys(): number {
  return spare.length;
}
