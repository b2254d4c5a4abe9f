import type { RpOpSettings } from '../../lib/admin/oidc-protocol.ts';
import type { Keystore } from '../../lib/pki/index.ts';
import { parseRpDefects, type RpDefectName } from './defects.ts';
import { parseOpSettings } from './op-settings.ts';

export interface RpSimulatorOptions {
  name?: string;
  /**
   * Taken like every simulator's; the RP authenticates with its client secret and holds no key of
   * its own yet.
   */
  keystore?: Keystore;
  defects?: string[];
  /** Allowed clock skew for exp and iat, in seconds (default 60). */
  skewSeconds?: number;
  /** The OP to sign in with from the start; otherwise POST /__accord/op. */
  op?: RpOpSettings;
  /** Injectable clock for expiry and skew tests. */
  clock?: () => Date;
}

export interface ResolvedRpOptions {
  name: string;
  defects: ReadonlySet<RpDefectName>;
  skewSeconds: number;
  op?: RpOpSettings;
  clock: () => Date;
}

export function resolveRpOptions(o: RpSimulatorOptions = {}): ResolvedRpOptions {
  const skewSeconds = o.skewSeconds ?? 60;
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0)
    throw new Error(`reference RP: skewSeconds must be a non-negative number, got ${skewSeconds}`);
  return {
    name: o.name ?? 'reference-rp',
    defects: parseRpDefects(o.defects ?? []),
    skewSeconds,
    op: o.op === undefined ? undefined : parseOpSettings(o.op),
    clock: o.clock ?? (() => new Date()),
  };
}
