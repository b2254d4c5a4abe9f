import { randomBytes } from 'node:crypto';
import type { OidcClientRegistration, OpInfo, TokenPlan } from '../../lib/admin/oidc-protocol.ts';
import { OpKeyRing } from '../../lib/oidc/key-ring.ts';
import type { OpSigningKey } from '../../lib/oidc/signing-key.ts';
import { type ClaimShape, subjectOf } from '../../lib/oidc/user-claims.ts';
import { Keystore } from '../../lib/pki/keystore.ts';
import type { OidcScenario, ScenarioUser } from '../../lib/scenario/types.ts';
import { vendorProfile } from '../../lib/scenario/vendors/index.ts';
import type { VendorProfile } from '../../lib/scenario/vendors/types.ts';
import { PeerStore } from '../../lib/state/peer-store.ts';
import { openStateDb, type StateDb, type StateLocation } from '../../lib/state/state-db.ts';
import { fillTemplate } from '../../lib/target/template.ts';
import { TraceRecorder } from '../../lib/trace/recorder.ts';
import { BoundedMap } from '../shared/bounded-map.ts';
import { clientMetadata, registrationOf } from './client-metadata.ts';
import { ClientRegistrations } from './client-registrations.ts';
import { defectForgery, type OpDefectName, parseOpDefects } from './defects.ts';
import { OpStore } from './memory-adapter.ts';

export interface OpSimulatorOptions {
  scenario: OidcScenario;
  /** Public URL without trailing slash; fills {base_url}. Default: the URL it listens on. */
  baseUrl?: string;
  keystore?: Keystore;
  /** Instance name in health and trace; default the scenario id. */
  name?: string;
  /** Clients registered at start, as POST /__accord/clients would. */
  clients?: OidcClientRegistration[];
  /** Where registered clients are kept: a state file (survives restarts) or memory (the default). */
  state?: StateLocation;
  /** Seeded defects to switch on (defects.ts); an unknown name is a startup error. */
  defects?: readonly string[];
}

/** A flow's plan, with the key a rotated-key plan signs with (made when the plan was stored). */
export interface StoredPlan {
  plan: TokenPlan;
  rotatedKey?: OpSigningKey;
}

/** What an authorization code or access token carries of the flow that obtained it. */
export interface FlowBinding {
  flow?: string;
  clientId: string;
  plan?: StoredPlan;
}

/** The session an ID token of a flow named: what a logout token for that flow must name. */
export interface IssuedSession {
  sub?: string;
  sid?: string;
}

/** Everything the routes and provider hooks of one OP simulator share. */
export class OpContext {
  readonly scenario: OidcScenario;
  readonly name: string;
  readonly look: { title: string; heading: string };
  /** How the product's sign-in page asks (identifier-first, "Stay signed in?"). */
  readonly signIn: VendorProfile['signIn'];
  /** Interactions whose password was right and that wait for the answer to "Stay signed in?": uid to account. */
  readonly awaitingStaySignedIn = new Map<string, string>();
  readonly trace: TraceRecorder;
  readonly keys: OpKeyRing;
  /** The state database, closed with the simulator. */
  readonly state: StateDb;
  /** Registrations by client id, as given (secrets for the HS256 forgery, back-channel URIs). */
  readonly clients: ClientRegistrations;
  readonly store: OpStore;
  readonly plans = new BoundedMap<string, StoredPlan>();
  /** By authorization code, then by access token: the RP's server-side calls carry no flow cookie. */
  readonly codeFlows = new BoundedMap<string, FlowBinding>();
  readonly tokenFlows = new BoundedMap<string, FlowBinding>();
  /** By refresh token: a refresh grant is a server-side call of the flow too. */
  readonly refreshFlows = new BoundedMap<string, FlowBinding>();
  /** By `flow \n clientId`: the sub and sid of the last ID token issued. */
  readonly sessions = new BoundedMap<string, IssuedSession>();
  /** Signs the provider's cookies; the same across provider instances, so sessions survive a key change. */
  readonly cookieKeys = [randomBytes(32).toString('base64url')];
  readonly claimShape: ClaimShape;
  readonly defects: ReadonlySet<OpDefectName>;
  /** The plan of every flow that has none of its own: a seeded defect's forgery. */
  readonly defectPlan: StoredPlan | undefined;
  private readonly usersBySubject: Map<string, ScenarioUser>;
  private base: string | undefined;

  constructor(opts: OpSimulatorOptions) {
    this.scenario = opts.scenario;
    this.defects = parseOpDefects(opts.defects);
    const forge = defectForgery(this.defects);
    this.defectPlan = forge ? { plan: { forge } } : undefined;
    this.name = opts.name ?? opts.scenario.id;
    const vendor = vendorProfile(opts.scenario.vendor);
    this.look = { title: vendor.look.title, heading: vendor.look.heading };
    this.signIn = vendor.signIn;
    this.trace = new TraceRecorder(`op:${this.name}`);
    this.state = openStateDb(opts.state ?? 'memory');
    this.clients = new ClientRegistrations(new PeerStore(this.state, `op:${this.name}`));
    this.store = new OpStore(
      (id) => {
        const reg = this.clients.get(id);
        return reg && clientMetadata(reg);
      },
      {
        codesReusable: this.defects.has('code-reusable'),
        registered: (metadata) => {
          const reg = registrationOf(metadata);
          this.clients.put(reg.clientId, reg);
        },
      },
    );
    const op = opts.scenario.op;
    this.keys = new OpKeyRing({
      keystore: opts.keystore ?? new Keystore(),
      name: `op-${opts.scenario.id}`,
      commonName: vendor.look.signingCommonName(`${opts.scenario.id}.accord.test`),
      organization: vendor.look.organization,
      ...op.keys,
    });
    this.claimShape = {
      dialect: op.claims,
      tenantId: op.tenantId,
      groupsLimit: op.groupsLimit,
      groupsEndpoint: (user) => `${this.issuer}/users/${user.objectId}/getMemberObjects`,
    };
    this.usersBySubject = new Map(opts.scenario.users.map((u) => [subjectOf(u, this.claimShape), u]));
    if (opts.baseUrl) this.setBaseUrl(opts.baseUrl);
  }

  setBaseUrl(url: string): void {
    this.base = url.replace(/\/+$/, '');
  }

  get hasBaseUrl(): boolean {
    return this.base !== undefined;
  }

  get baseUrl(): string {
    if (this.base === undefined) throw new Error('the OP simulator does not know its base URL yet');
    return this.base;
  }

  get issuer(): string {
    return fillTemplate(this.scenario.op.issuer, {
      base_url: this.baseUrl,
      tenant_id: this.scenario.op.tenantId ?? '',
    });
  }

  /**
   * The issuer's path, where the provider is mounted ('' at the root). The schema has the issuer
   * start with {base_url}, so the path is known before the URL is.
   */
  get mountPath(): string {
    const path = this.scenario.op.issuer.slice('{base_url}'.length);
    return fillTemplate(path, { tenant_id: this.scenario.op.tenantId ?? '' });
  }

  /** An absolute URL on the simulator. */
  url(path: string): string {
    return this.baseUrl + path;
  }

  /** An absolute URL below the issuer. */
  at(path: string): string {
    return `${this.issuer}${path}`;
  }

  /** Unique per listening port, since cookies on 127.0.0.1 are shared by every port. */
  get cookiePrefix(): string {
    const u = new URL(this.baseUrl);
    return `accord_op_${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  }

  info(): OpInfo {
    const p = this.scenario.op.paths;
    return {
      role: 'op',
      issuer: this.issuer,
      baseUrl: this.baseUrl,
      discoveryUrl: this.at('/.well-known/openid-configuration'),
      mismatchedDiscoveryUrl: this.at('/mismatch/.well-known/openid-configuration'),
      jwksUri: this.at(p.jwks),
      authorizationEndpoint: this.at(p.authorization),
      tokenEndpoint: this.at(p.token),
      userinfoEndpoint: this.at(p.userinfo),
      endSessionEndpoint: this.at(p.endSession),
      scenario: this.scenario.id,
    };
  }

  /** The scenario's explicit users (listed first in the scenario), then `generated` of the rest. */
  testUsers(generated = 5): ScenarioUser[] {
    const explicit = Math.max(0, this.scenario.users.length - this.scenario.directory.count);
    return this.scenario.users.slice(0, explicit + generated);
  }

  findUser(login: string): ScenarioUser | undefined {
    const l = login.trim().toLowerCase();
    return this.scenario.users.find(
      (u) => u.username.toLowerCase() === l || u.email.toLowerCase() === l || u.upn.toLowerCase() === l,
    );
  }

  userBySubject(sub: string): ScenarioUser | undefined {
    return this.usersBySubject.get(sub);
  }

  subjectOf(user: ScenarioUser): string {
    return subjectOf(user, this.claimShape);
  }
}
