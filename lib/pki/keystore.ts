import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CertificateOptions,
  issueSelfSignedCertificate,
  type KeyAndCertificate,
} from './certificate.ts';

export const DEFAULT_KEYSTORE_DIR = '.accord/keys';

export interface StoredKey extends KeyAndCertificate {
  name: string;
  keyFile: string;
  certFile: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Keys persist across runs so a target configured once with a simulator's metadata keeps
 * trusting it; private keys are written 0600.
 */
export class Keystore {
  constructor(readonly dir: string = process.env.ACCORD_KEYSTORE ?? DEFAULT_KEYSTORE_DIR) {}

  private paths(name: string) {
    if (!NAME.test(name)) throw new Error(`keystore: invalid key name "${name}" (use a-z, 0-9, . _ -)`);
    return { keyFile: join(this.dir, `${name}.key.pem`), certFile: join(this.dir, `${name}.crt.pem`) };
  }

  has(name: string): boolean {
    const { keyFile, certFile } = this.paths(name);
    return existsSync(keyFile) && existsSync(certFile);
  }

  /** The named key, created on first use with the given certificate options. */
  get(name: string, create: Omit<CertificateOptions, 'keyPem'> = { commonName: name }): StoredKey {
    const { keyFile, certFile } = this.paths(name);
    if (this.has(name)) {
      return {
        name,
        keyFile,
        certFile,
        keyPem: readFileSync(keyFile, 'utf8'),
        certPem: readFileSync(certFile, 'utf8'),
      };
    }
    return this.create(name, create);
  }

  /** (Re)creates the key and certificate; renewal with `keepKey` reissues the certificate only. */
  create(name: string, opts: CertificateOptions, keepKey = false): StoredKey {
    const { keyFile, certFile } = this.paths(name);
    const keyPem = keepKey && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : opts.keyPem;
    const pair = issueSelfSignedCertificate({ ...opts, keyPem });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, pair.keyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    writeFileSync(certFile, pair.certPem, { mode: 0o644 });
    return { name, keyFile, certFile, ...pair };
  }

  /** Stores a key and certificate as they are under `name` (a keyring moving a key between roles). */
  put(name: string, pair: KeyAndCertificate): StoredKey {
    const { keyFile, certFile } = this.paths(name);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, pair.keyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    writeFileSync(certFile, pair.certPem, { mode: 0o644 });
    return { name, keyFile, certFile, keyPem: pair.keyPem, certPem: pair.certPem };
  }

  /** Deletes a key and its certificate, e.g. one a rotation retired for good. */
  remove(name: string): void {
    const { keyFile, certFile } = this.paths(name);
    rmSync(keyFile, { force: true });
    rmSync(certFile, { force: true });
  }

  list(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.crt.pem'))
      .map((f) => f.slice(0, -'.crt.pem'.length))
      .filter((n) => this.has(n))
      .sort();
  }
}
