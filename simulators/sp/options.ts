import { Keystore } from '../../lib/pki/index.ts';
import { openStateDb, type StateDb, type StateLocation } from '../../lib/state/state-db.ts';
import type { TraceLimits } from '../../lib/trace/recorder.ts';
import { SettableClock } from '../shared/settable-clock.ts';
import { parseSpDefects } from './defects.ts';
import type { SeedUser } from './users.ts';

export interface SpSimulatorOptions {
  /** Control Hub organization ID; names the metadata file and the key. Lower-case letters, digits, '-'. */
  orgId?: string;
  keystore?: Keystore;
  defects?: string[];
  name?: string;
  /** Allowed clock skew for NotBefore/NotOnOrAfter, in seconds. */
  skewSeconds?: number;
  allowIdpInitiated?: boolean;
  /** Seed "Edit SAML mapping": "Create or activate user" and "Update user with SAML attributes". */
  jit?: { create: boolean; update: boolean };
  /** Users present before any sign-in (the directory the uid is matched against). */
  users?: SeedUser[];
  /** Injectable clock for expiry and skew tests; PUT /__accord/clock moves it at run time. */
  clock?: () => Date;
  /** Where trusted IdPs and users are kept: a state file (survives restarts) or memory (the default). */
  state?: StateLocation;
  /** How much of what it saw the SP keeps (lib/trace/recorder.ts; default DEFAULT_TRACE_LIMITS). */
  traceLimits?: Partial<TraceLimits>;
  /**
   * Its entityID. Default: stable across runs and ports (derived from name and orgId), so an IdP
   * that reads SP metadata once keeps knowing it; the ACS and SLO URLs still follow the port.
   */
  entityId?: string;
  /** The attribute carrying the user's email, by which users are found (Webex: uid). */
  emailAttribute?: string;
  /**
   * Response checks whose failure is recorded but does not refuse the Response: the target's known
   * findings, so one examined flaw does not hide every flow after the sign-in. IDP-ATTR-UID is
   * added when the email comes from another attribute than uid.
   */
  tolerate?: string[];
  /**
   * OpenID Connect IdPs configured at start, each as the admin API's POST /__accord/oidc-idps takes
   * it (simulators/sp/oidc/idp-settings.ts); validated when the SP starts.
   */
  oidcIdps?: unknown[];
  /**
   * How uploaded IdP metadata is judged, set at start as PUT /__accord/metadata-trust sets it:
   * `security` "less" (self-signed or unsigned taken) or "more" (signed, chaining to one of
   * `trustAnchors`, PEM certificates). Checked when the SP starts; overrides what it kept.
   */
  metadataTrust?: unknown;
}

export interface ResolvedSpOptions {
  orgId: string;
  keystore: Keystore;
  defects: ReadonlySet<string>;
  name: string;
  skewSeconds: number;
  allowIdpInitiated: boolean;
  jit: { create: boolean; update: boolean };
  users: SeedUser[];
  /** Reads `clockSetting`, so that everything built with it follows PUT /__accord/clock. */
  clock: () => Date;
  clockSetting: SettableClock;
  state: StateDb;
  traceLimits: Partial<TraceLimits>;
  entityId: string;
  emailAttribute: string;
  tolerate: ReadonlySet<string>;
  oidcIdps: unknown[];
  metadataTrust?: unknown;
}

/** A fixed, Webex-shaped (UUID) organization ID, so the default SP keeps its key across runs. */
export const DEFAULT_ORG_ID = 'a0cc0bd0-0000-4000-8000-000000000001';

const ORG_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** The administrator every real organization has; the wrong-user defect needs someone to sign in by mistake. */
const ORG_ADMIN: SeedUser = {
  email: 'org.admin@reference-sp.accord.test',
  firstName: 'Org',
  lastName: 'Admin',
  displayName: 'Org Admin',
};

export function resolveSpOptions(o: SpSimulatorOptions = {}): ResolvedSpOptions {
  const orgId = o.orgId ?? DEFAULT_ORG_ID;
  if (!ORG_ID.test(orgId)) {
    throw new Error(`reference SP: invalid org ID "${orgId}" (use 1-60 lower-case letters, digits and '-')`);
  }
  const skewSeconds = o.skewSeconds ?? 60;
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) {
    throw new Error(`reference SP: skewSeconds must be a non-negative number, got ${skewSeconds}`);
  }
  const defects = parseSpDefects(o.defects ?? []);
  const name = o.name ?? 'reference-sp';
  const emailAttribute = o.emailAttribute ?? 'uid';
  const clockSetting = new SettableClock(o.clock ?? (() => new Date()));
  if (o.entityId !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(o.entityId)) {
    throw new Error(`reference SP: entityId must be an absolute URI, got "${o.entityId}"`);
  }
  return {
    orgId,
    keystore: o.keystore ?? new Keystore(),
    defects,
    name,
    skewSeconds,
    allowIdpInitiated: (o.allowIdpInitiated ?? true) && !defects.has('no-idp-initiated'),
    jit: o.jit ?? { create: true, update: true },
    users: defects.has('wrong-user') ? [ORG_ADMIN, ...(o.users ?? [])] : (o.users ?? []),
    clock: clockSetting.now,
    clockSetting,
    state: openStateDb(o.state ?? 'memory'),
    traceLimits: o.traceLimits ?? {},
    entityId: o.entityId ?? stableEntityId(name, orgId),
    emailAttribute,
    tolerate: new Set([...(o.tolerate ?? []), ...(emailAttribute === 'uid' ? [] : ['IDP-ATTR-UID'])]),
    oidcIdps: o.oidcIdps ?? [],
    metadataTrust: o.metadataTrust,
  };
}

/**
 * Webex's entityID is an idbroker URL per organization; this one is per simulator (its name) and
 * organization, and names no host or port, so it stays the same from run to run.
 */
export function stableEntityId(name: string, orgId: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'sp';
  return `https://idbroker.accord.test/${slug}/idb/${orgId}`;
}
