import type { IdpInfo } from '../../lib/admin/protocol.ts';
import { Keystore } from '../../lib/pki/keystore.ts';
import {
  buildIdpMetadataForScenario,
  type IdpMetadataOptions,
} from '../../lib/saml/metadata/build-idp-metadata.ts';
import type { Scenario, ScenarioPaths } from '../../lib/scenario/types.ts';
import { vendorProfile } from '../../lib/scenario/vendors/index.ts';
import type { VendorProfile } from '../../lib/scenario/vendors/types.ts';
import { openStateDb, type StateDb, type StateLocation } from '../../lib/state/state-db.ts';
import { fillTemplate } from '../../lib/target/template.ts';
import { type TraceLimits, TraceRecorder } from '../../lib/trace/recorder.ts';
import { AssertedSubjects } from './asserted-subjects.ts';
import { defectChanges, type IdpDefect, parseDefects } from './defects.ts';
import { IssuedLogoutRequests } from './issued-logout-requests.ts';
import { PeerRegistry } from './peers.ts';
import { PlanStore } from './plans.ts';
import type { ResponseChanges } from './response-changes.ts';
import { IdpRollover } from './rollover.ts';
import { SessionStore } from './session.ts';
import type { SigningKey } from './untrusted-key.ts';
import { type VendorLook, vendorLook } from './vendor.ts';

export interface IdpSimulatorOptions {
  scenario: Scenario;
  /** Public URL without trailing slash; fills {base_url}. Default: the URL it listens on. */
  baseUrl?: string;
  keystore?: Keystore;
  defects?: string[];
  /** Instance name in health and trace; default the scenario id. */
  name?: string;
  /** Clock for every time the IdP writes (tests of expiry and skew). */
  now?: () => Date;
  /** Where trusted SPs are kept: a state file (survives restarts) or memory (the default). */
  state?: StateLocation;
  /** How much of what it saw the IdP keeps (lib/trace/recorder.ts; default DEFAULT_TRACE_LIMITS). */
  traceLimits?: Partial<TraceLimits>;
  /**
   * A signed AuthnRequest whose signature does not verify: `record` it (SP-AUTHN-04) and go on, as a
   * probe of an SP target does (the default), or `refuse` it, as an IdP target must.
   */
  requestSignatures?: 'record' | 'refuse';
  /**
   * The keystore name of its signing keyring; default `idp-<scenario>`, the key every counterpart
   * IdP simulator of the scenario shares. A built-in IdP target gets its own, so that rolling its
   * key over (its keyRollover hooks) leaves those counterparts' keys alone.
   */
  keyName?: string;
}

export type SsoBindings = NonNullable<IdpMetadataOptions['ssoBindings']>;

/** Everything the routes of one IdP simulator share. */
export class IdpContext {
  readonly scenario: Scenario;
  readonly name: string;
  readonly defects: IdpDefect[];
  readonly defectChanges: ResponseChanges;
  readonly look: VendorLook;
  /** How the product's sign-in page asks (identifier-first, "Stay signed in?"). */
  readonly signIn: VendorProfile['signIn'];
  /** The signing keyring: current, next (published ahead of use) and retired keys. */
  readonly rollover: IdpRollover;
  readonly trace: TraceRecorder;
  readonly peers: PeerRegistry;
  /** The state database, closed with the simulator. */
  readonly state: StateDb;
  readonly plans = new PlanStore();
  readonly sessions: SessionStore;
  /** Whom each flow's Response named, for LogoutRequests about that session. */
  readonly asserted = new AssertedSubjects();
  /** IdP-initiated LogoutRequests awaiting their LogoutResponse. */
  readonly logoutRequests = new IssuedLogoutRequests();
  /** Scenario paths with {tenant_id} filled. */
  readonly paths: ScenarioPaths;
  readonly now: () => Date;
  readonly requestSignatures: 'record' | 'refuse';
  private base: string | undefined;
  /** Per base URL and SSO binding set: metadata is signed, and signing on every fetch is slow. */
  private readonly metadataCache = new Map<string, string>();

  constructor(opts: IdpSimulatorOptions) {
    this.scenario = opts.scenario;
    this.name = opts.name ?? opts.scenario.id;
    this.defects = parseDefects(opts.defects ?? []);
    this.requestSignatures = opts.requestSignatures ?? 'record';
    this.defectChanges = defectChanges(this.defects, opts.scenario.idp.assertionLifetimeSeconds);
    this.look = vendorLook(opts.scenario);
    this.signIn = vendorProfile(opts.scenario.vendor).signIn;
    this.rollover = new IdpRollover(
      opts.keystore ?? new Keystore(),
      opts.keyName ?? `idp-${opts.scenario.id}`,
      {
        commonName: this.look.signingCommonName,
        organization: this.look.organization,
      },
      new Set(this.defects),
    );
    this.trace = new TraceRecorder(`idp:${this.name}`, opts.traceLimits);
    this.state = openStateDb(opts.state ?? 'memory');
    this.peers = new PeerRegistry(this.state, `idp:${this.name}`);
    this.sessions = new SessionStore(() => this.cookieName);
    const tenant = { tenant_id: opts.scenario.idp.tenantId ?? '' };
    const p = opts.scenario.idp.paths;
    this.paths = {
      metadata: fillTemplate(p.metadata, tenant),
      sso: fillTemplate(p.sso, tenant),
      slo: fillTemplate(p.slo, tenant),
      idpInitiated: fillTemplate(p.idpInitiated, tenant),
      login: fillTemplate(p.login, tenant),
    };
    this.now = opts.now ?? (() => new Date());
    if (opts.baseUrl) this.setBaseUrl(opts.baseUrl);
  }

  /** The key in use: the keyring's current one. */
  get signing(): SigningKey {
    return this.rollover.current;
  }

  setBaseUrl(url: string): void {
    this.base = url.replace(/\/+$/, '');
  }

  get hasBaseUrl(): boolean {
    return this.base !== undefined;
  }

  get baseUrl(): string {
    if (this.base === undefined) throw new Error('the IdP simulator does not know its base URL yet');
    return this.base;
  }

  /** Fills {base_url} and {tenant_id}. */
  fill(template: string): string {
    return fillTemplate(template, { base_url: this.baseUrl, tenant_id: this.scenario.idp.tenantId ?? '' });
  }

  get entityId(): string {
    return this.fill(this.scenario.idp.entityId);
  }

  url(path: string): string {
    return this.baseUrl + path;
  }

  /** Unique per listening port, since cookies on 127.0.0.1 are shared by every port. */
  get cookieName(): string {
    const u = new URL(this.baseUrl);
    return `accord_idp_${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  }

  /** The IdP metadata; `ssoBindings` narrows the SingleSignOnService bindings it offers (default both). */
  metadataXml(ssoBindings?: SsoBindings): string {
    const key = `${this.baseUrl} ${ssoBindings?.join(',') ?? ''} ${this.rollover.generation}`;
    let cached = this.metadataCache.get(key);
    if (cached === undefined) {
      const xml = buildIdpMetadataForScenario(this.scenario, {
        baseUrl: this.baseUrl,
        key: this.signing.key,
        certPem: this.signing.certPem,
        nextCertPem: this.rollover.nextCertPem,
        stillPublishedCertsPem: this.rollover.stillPublishedPem,
        now: this.now(),
        ssoBindings,
      });
      // An attribute added after signing changes the canonical form, so the signature no longer verifies.
      cached = this.defects.includes('metadata-bad-signature')
        ? xml.replace(/<((?:md:)?IDPSSODescriptor) /, '<$1 cacheDuration="PT1H" ')
        : xml;
      this.metadataCache.set(key, cached);
    }
    return cached;
  }

  info(): IdpInfo {
    return {
      role: 'idp',
      entityId: this.entityId,
      baseUrl: this.baseUrl,
      metadataUrl: this.url(this.paths.metadata),
      ssoUrl: this.url(this.paths.sso),
      sloUrl: this.url(this.paths.slo),
      idpInitiatedUrl: this.url(this.paths.idpInitiated),
      scenario: this.scenario.id,
    };
  }

  /** The scenario's explicit users (listed first in the scenario), then `generated` of the rest. */
  testUsers(generated = 5): Scenario['users'] {
    const explicit = Math.max(0, this.scenario.users.length - this.scenario.directory.count);
    return this.scenario.users.slice(0, explicit + generated);
  }

  explicitUsers(): Scenario['users'] {
    return this.testUsers(0);
  }

  findUser(login: string): Scenario['users'][number] | undefined {
    const l = login.trim().toLowerCase();
    return this.scenario.users.find((u) => u.username.toLowerCase() === l || u.email.toLowerCase() === l);
  }
}
