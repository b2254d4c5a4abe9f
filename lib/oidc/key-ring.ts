import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { JwksState } from '../admin/oidc-protocol.ts';
import type { Keystore } from '../pki/keystore.ts';
import { freshOpSigningKey, type JwkOptions, type OpSigningKey, opSigningKey } from './signing-key.ts';

export interface KeyRingOptions extends JwkOptions {
  keystore: Keystore;
  /** Prefix of the keystore names, e.g. `op-generic-oidc`; the ring's state lives beside the keys. */
  name: string;
  commonName: string;
  organization?: string;
  /** How many keys added on the fly (rotated-key) stay published; the oldest go first. */
  addedLimit?: number;
}

/** What is written to `<keystore>/<name>.ring.json`: keystore names, not keys. */
interface RingFile {
  serial: number;
  current: string;
  next: string;
  retired: string[];
}

/**
 * An OP's signing keys (OIDC Core 10.1.1): the current key signs, the next is published ahead of
 * its turn, a retired key stays published until the following rotation so tokens it signed still
 * verify. Current, next and retired persist in the keystore, so a relying party configured once
 * keeps trusting the OP across restarts. Keys added on the fly are published until the OP stops.
 */
export class OpKeyRing {
  private file: RingFile;
  private keys = new Map<string, OpSigningKey>();
  private added: OpSigningKey[] = [];
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly opts: KeyRingOptions) {
    this.file = this.readFile() ?? { serial: 2, current: this.nameOf(1), next: this.nameOf(2), retired: [] };
    this.writeFile();
  }

  private get statePath(): string {
    return join(this.opts.keystore.dir, `${this.opts.name}.ring.json`);
  }

  private nameOf(serial: number): string {
    return `${this.opts.name}-${serial}`;
  }

  private readFile(): RingFile | undefined {
    if (!existsSync(this.statePath)) return undefined;
    try {
      const f = JSON.parse(readFileSync(this.statePath, 'utf8')) as Partial<RingFile>;
      const isName = (v: unknown): v is string => typeof v === 'string' && v.startsWith(`${this.opts.name}-`);
      if (!Number.isInteger(f.serial) || !isName(f.current) || !isName(f.next)) return undefined;
      if (!Array.isArray(f.retired) || !f.retired.every(isName)) return undefined;
      return f as RingFile;
    } catch {
      // A damaged file starts a new ring rather than stopping the OP; the old keys stay on disk.
      return undefined;
    }
  }

  private writeFile(): void {
    mkdirSync(this.opts.keystore.dir, { recursive: true, mode: 0o700 });
    writeFileSync(this.statePath, `${JSON.stringify(this.file, null, 2)}\n`);
  }

  private load(name: string): OpSigningKey {
    let key = this.keys.get(name);
    if (!key) {
      const stored = this.opts.keystore.get(name, {
        commonName: this.opts.commonName,
        organization: this.opts.organization,
      });
      key = opSigningKey(stored, this.opts);
      this.keys.set(name, key);
    }
    return key;
  }

  get current(): OpSigningKey {
    return this.load(this.file.current);
  }

  get next(): OpSigningKey {
    return this.load(this.file.next);
  }

  /** Every key the JWKS publishes: current first (it signs), then next, retired and added. */
  published(): OpSigningKey[] {
    return [this.current, this.next, ...this.file.retired.map((n) => this.load(n)), ...this.added];
  }

  jwks(): JSONWebKeySet {
    return { keys: this.published().map((k) => k.publicJwk) };
  }

  state(): JwksState {
    return {
      current: this.current.kid,
      next: this.next.kid,
      retired: this.file.retired.map((n) => this.load(n).kid),
    };
  }

  /** Next becomes current, a new next is made, the old current is retired and the one before dropped. */
  rotate(): JwksState {
    const serial = this.file.serial + 1;
    const dropped = this.file.retired;
    this.file = { serial, current: this.file.next, next: this.nameOf(serial), retired: [this.file.current] };
    this.writeFile();
    for (const name of dropped) {
      this.opts.keystore.remove(name);
      this.keys.delete(name);
    }
    this.changed();
    return this.state();
  }

  /** A key made now and published from now on, beside the others: other flows keep verifying. */
  addKey(): OpSigningKey {
    const key = freshOpSigningKey(
      { commonName: this.opts.commonName, organization: this.opts.organization },
      this.opts,
    );
    this.added.push(key);
    if (this.added.length > (this.opts.addedLimit ?? 16)) this.added.shift();
    this.changed();
    return key;
  }

  /** Called after every change of the published keys. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
