import type { RolloverState } from '../../lib/admin/protocol.ts';
import type { CertificateOptions } from '../../lib/pki/certificate.ts';
import { privateKeyObject } from '../../lib/pki/certificate.ts';
import { type KeyRole, Keyring } from '../../lib/pki/keyring.ts';
import type { Keystore, StoredKey } from '../../lib/pki/keystore.ts';
import type { SigningKey } from './untrusted-key.ts';

/** A keyring role the IdP has no key for right now: the plan cannot be carried out. */
export class NoSuchKey extends Error {}

const signingKey = (k: StoredKey): SigningKey => ({ key: privateKeyObject(k.keyPem), certPem: k.certPem });

/**
 * The IdP simulator's signing keyring during a rollover. Keys are parsed once per change (a
 * KeyObject signs several times faster than a PEM) and kept until the next admin change.
 */
export class IdpRollover {
  private readonly keyring: Keyring;
  private keys!: { current: SigningKey; next?: SigningKey; retired: SigningKey[] };
  /** Keys promoted away since this process started, for the seeded defects that keep them in use. */
  private retiredHere: SigningKey[] = [];
  generation = 0;

  constructor(
    keystore: Keystore,
    name: string,
    create: Omit<CertificateOptions, 'keyPem'>,
    private readonly defects: ReadonlySet<string> = new Set(),
  ) {
    this.keyring = new Keyring(keystore, name, create);
    this.load();
  }

  private load(): void {
    const s = this.keyring.state();
    this.keys = {
      current: signingKey(s.current),
      next: s.next ? signingKey(s.next) : undefined,
      retired: s.retired.map(signingKey),
    };
    this.generation++;
  }

  get current(): SigningKey {
    return this.keys.current;
  }

  /** The certificate of the next key, published beside the current one; undefined outside a rollover. */
  get nextCertPem(): string | undefined {
    if (this.defects.has('rollover-publishes-nothing')) return undefined;
    return this.keys.next?.certPem;
  }

  /** Certificates the metadata publishes after the current and next ones: none, but for a seeded defect. */
  get stillPublishedPem(): string[] {
    return this.defects.has('rollover-keeps-retired-key') ? this.retiredHere.map((k) => k.certPem) : [];
  }

  /** The key of `role`; the newest retired key for `retired`. */
  keyFor(role: KeyRole | undefined): SigningKey {
    if (role === undefined || role === 'current') {
      // Seeded defect: Responses go on being signed with the key a promotion retired.
      if (this.defects.has('rollover-unpublished-key') && this.retiredHere[0]) return this.retiredHere[0];
      return this.keys.current;
    }
    const k = role === 'next' ? this.keys.next : this.keys.retired[0];
    if (!k) {
      throw new NoSuchKey(
        role === 'next'
          ? 'the IdP has no next signing key: POST /__accord/rollover/next first'
          : 'the IdP has no retired signing key: promote a next key first',
      );
    }
    return k;
  }

  prepareNext(from: 'new' | 'retired'): void {
    this.keyring.prepareNext(from);
    this.load();
  }

  cancelNext(): void {
    this.keyring.cancelNext();
    this.load();
  }

  promote(): void {
    const was = this.keys.current;
    this.keyring.promote();
    this.retiredHere.unshift(was);
    this.load();
  }

  dropRetired(): number {
    const n = this.keyring.dropRetired();
    this.load();
    return n;
  }

  view(): RolloverState {
    const k = this.keys;
    return {
      current: k.current.certPem,
      next: k.next?.certPem ?? null,
      retired: k.retired.map((r) => r.certPem),
      published: [
        k.current.certPem,
        ...(this.nextCertPem ? [this.nextCertPem] : []),
        ...this.stillPublishedPem,
      ],
      generation: this.generation,
    };
  }
}
