import type { CertificateOptions, KeyAndCertificate } from './certificate.ts';
import type { Keystore, StoredKey } from './keystore.ts';

/** Which key of a keyring signs: the one in use, the one published ahead of use, the newest retired. */
export type KeyRole = 'current' | 'next' | 'retired';
export const KEY_ROLES: readonly KeyRole[] = ['current', 'next', 'retired'];

export interface KeyringState {
  current: StoredKey;
  /** Published before it signs anything (saml2int: several signing keys during a rollover). */
  next?: StoredKey;
  /** Newest first; kept so a flow can sign with one and see that a peer refuses it. */
  retired: StoredKey[];
}

export class KeyringError extends Error {}

/**
 * A simulator key that rolls over: `current` signs, `next` is published ahead of use, `promote`
 * makes next current and retires the old one, `dropRetired` forgets retired keys. Every key lives
 * in the keystore as `<name>`, `<name>.next` and `<name>.retired-<n>`, so a rollover survives a
 * restart the way a single key does, and `<name>` is always the key in use.
 */
export class Keyring {
  constructor(
    private readonly keystore: Keystore,
    readonly name: string,
    private readonly create: Omit<CertificateOptions, 'keyPem'> = { commonName: name },
  ) {}

  private get nextName(): string {
    return `${this.name}.next`;
  }

  private retiredNames(): string[] {
    const prefix = `${this.name}.retired-`;
    return this.keystore
      .list()
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .sort((a, b) => Number(b.slice(prefix.length)) - Number(a.slice(prefix.length)));
  }

  state(): KeyringState {
    return {
      current: this.keystore.get(this.name, this.create),
      next: this.keystore.has(this.nextName) ? this.keystore.get(this.nextName) : undefined,
      retired: this.retiredNames().map((n) => this.keystore.get(n)),
    };
  }

  /**
   * Makes a next key (a fresh one, or the newest retired one taken back: a rollback is a rollover
   * to the key before). A next key that exists already is kept.
   */
  prepareNext(from: 'new' | 'retired' = 'new'): StoredKey {
    if (this.keystore.has(this.nextName)) return this.keystore.get(this.nextName);
    if (from === 'new') return this.keystore.create(this.nextName, this.create);
    const [newest] = this.retiredNames();
    if (!newest) throw new KeyringError(`keyring ${this.name} has no retired key to take back`);
    const key = this.keystore.get(newest);
    const next = this.keystore.put(this.nextName, key);
    this.keystore.remove(newest);
    return next;
  }

  /** Publishes a key made elsewhere (a CA-signed certificate, say) as the next key, replacing any. */
  putNext(pair: KeyAndCertificate): StoredKey {
    return this.keystore.put(this.nextName, pair);
  }

  /** Abandons a rollover before its promotion: the next key is deleted; false when there was none. */
  cancelNext(): boolean {
    if (!this.keystore.has(this.nextName)) return false;
    this.keystore.remove(this.nextName);
    return true;
  }

  /** Next becomes current and the old current the newest retired key. */
  promote(): KeyringState {
    if (!this.keystore.has(this.nextName)) {
      throw new KeyringError(`keyring ${this.name} has no next key to promote: prepare one first`);
    }
    const { current, next } = this.state();
    const newest = this.retiredNames()[0];
    const n = newest ? Number(newest.slice(`${this.name}.retired-`.length)) + 1 : 1;
    this.keystore.put(`${this.name}.retired-${n}`, current);
    this.keystore.put(this.name, next!);
    this.keystore.remove(this.nextName);
    return this.state();
  }

  /** Forgets every retired key: nothing can sign with them any more. */
  dropRetired(): number {
    const names = this.retiredNames();
    for (const n of names) this.keystore.remove(n);
    return names.length;
  }

  /** The signing certificates to publish, in order: current, then next when there is one. */
  published(): StoredKey[] {
    const s = this.state();
    return s.next ? [s.current, s.next] : [s.current];
  }
}
