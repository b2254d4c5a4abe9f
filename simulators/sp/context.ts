import type { KeyObject } from 'node:crypto';
import type { Request } from 'express';
import type { SpInfo } from '../../lib/admin/protocol.ts';
import type { StoredKey } from '../../lib/pki/index.ts';
import { buildSpMetadata } from '../../lib/saml/metadata/build-sp-metadata.ts';
import { MemoryReplayCache } from '../../lib/saml/validate/replay-cache.ts';
import { flowFromCookieHeader, TraceRecorder } from '../../lib/trace/recorder.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';
import { MetadataTrustSettings } from './certs/metadata-trust-settings.ts';
import { SpCertificates, type SpKey } from './certs/sp-certificates.ts';
import { spTestCa } from './certs/sp-test-ca.ts';
import { oidcIdps } from './oidc/oidc-idps.ts';
import type { ResolvedSpOptions } from './options.ts';
import { IdpPeers } from './peers.ts';
import { OrgRouting } from './routing/org-routing.ts';
import { SessionStore } from './sessions.ts';
import { UserDirectory } from './users.ts';

/** Where the SP lives once it listens; every URL it publishes derives from the base URL. */
export interface SpUrls {
  base: string;
  entityId: string;
  acs: string;
  /** ACS URL put in AuthnRequests by the bad-acs-url defect; not in the metadata. */
  unlistedAcs: string;
  slo: string;
  login: string;
  metadata: string;
  metadataFileName: string;
  cookieName: string;
}

export function spUrls(base: string, orgId: string, entityId: string): SpUrls {
  const b = base.replace(/\/+$/, '');
  const port = new URL(b).port || (b.startsWith('https:') ? '443' : '80');
  const metadataFileName = `idb-meta-${orgId}-SP.xml`;
  return {
    base: b,
    entityId,
    acs: `${b}/acs`,
    unlistedAcs: `${b}/acs-unlisted`,
    slo: `${b}/slo`,
    login: `${b}/login`,
    metadata: `${b}/${metadataFileName}`,
    metadataFileName,
    // Browsers ignore ports for cookies on 127.0.0.1, so each instance needs its own cookie name.
    cookieName: `accord_sp_${port}`,
  };
}

export interface PendingLogout {
  idp: string;
  at: number;
}

/** Everything the routes share; built once per simulator. */
export class SpContext {
  readonly trace: TraceRecorder;
  readonly peers: IdpPeers;
  readonly routing: OrgRouting;
  readonly sessions: SessionStore;
  readonly users: UserDirectory;
  readonly replayCache: MemoryReplayCache;
  /** LogoutRequests this SP sent, by ID, until the IdP answers. */
  readonly pendingLogouts = new Map<string, PendingLogout>();
  /** The SP's keys through renewal (seed "Renew SP certificate"): simulators/sp/certs/. */
  readonly certs: SpCertificates;
  readonly metadataTrust = new MetadataTrustSettings();
  private attached?: { urls: SpUrls; metadata: string };

  constructor(readonly opts: ResolvedSpOptions) {
    this.trace = new TraceRecorder(`sp:${opts.name}`, opts.traceLimits);
    this.peers = new IdpPeers(opts.state, opts.orgId, opts.clock);
    this.routing = new OrgRouting(
      opts.state,
      opts.orgId,
      this.peers,
      (id) => oidcIdps(this).get(id) !== undefined,
    );
    this.sessions = new SessionStore(() => opts.clock().getTime());
    this.users = new UserDirectory(opts.state, opts.orgId, opts.users, opts.clock);
    this.replayCache = new MemoryReplayCache(opts.clock);
    const key: StoredKey = opts.defects.has('expired-sp-cert')
      ? expiredKey(opts)
      : opts.keystore.get(`sp-${opts.orgId}`, {
          commonName: `accord-sp-${opts.orgId}`,
          organization: 'Accord reference SP',
        });
    this.certs = new SpCertificates(key, {
      commonName: `accord-sp-${opts.orgId}`,
      clock: opts.clock,
      ca: spTestCa,
      keepsOldSigningKey: opts.defects.has('renewal-keeps-old-key'),
    });
    // Renewal changes what the metadata publishes.
    this.certs.onChange(() => {
      if (this.attached) this.attach(this.attached.urls.base);
    });
  }

  /** The key the SP signs with now (the renewal decides which). */
  get key(): SpKey {
    return this.certs.signing;
  }

  get signingKey(): KeyObject {
    return this.certs.signing.object;
  }

  attach(baseUrl: string): SpInfo {
    const urls = spUrls(baseUrl, this.opts.orgId, this.opts.entityId);
    const [signer, ...others] = this.certs.publishedSigning;
    const metadata = buildSpMetadata({
      entityId: urls.entityId,
      acsUrls: [urls.acs],
      sloUrl: urls.slo,
      // During a renewal for IdPs that support multiple certificates, both are published.
      signing: { key: signer.object, certPem: signer.certPem },
      extraSigningCertsPem: others.map((k) => k.certPem),
      // Webex metadata carries an encryption certificate; AD FS then encrypts every assertion.
      encryptionCertPem: this.certs.encryption.certPem,
      organization: {
        name: 'Accord',
        displayName: `Accord reference SP (${this.opts.name})`,
        url: urls.base,
      },
    });
    this.attached = {
      urls,
      metadata: this.has('metadata-bad-signature') ? alteredAfterSigning(metadata) : metadata,
    };
    return this.info();
  }

  get isAttached(): boolean {
    return this.attached !== undefined;
  }

  get urls(): SpUrls {
    if (!this.attached) throw new Error('reference SP: not attached to a base URL yet');
    return this.attached.urls;
  }

  get metadata(): string {
    if (!this.attached) throw new Error('reference SP: not attached to a base URL yet');
    return this.attached.metadata;
  }

  info(): SpInfo {
    const u = this.urls;
    return {
      role: 'sp',
      entityId: u.entityId,
      baseUrl: u.base,
      metadataUrl: u.metadata,
      acsUrl: u.acs,
      loginUrl: u.login,
      logoutUrl: `${u.base}/logout`,
      sloUrl: u.slo,
      orgId: this.opts.orgId,
    };
  }

  has(defect: string): boolean {
    return this.opts.defects.has(defect);
  }

  record(req: Request, entry: Omit<TraceEntry, 'seq' | 'at' | 'observer' | 'flow'>): TraceEntry {
    return this.trace.record({ flow: flowFromCookieHeader(req.headers.cookie), ...entry });
  }
}

/**
 * A key of its own whose certificate expired a year ago: the clean SP's key stays untouched. Its
 * dates are fixed at creation, so a stored one stays expired.
 */
function expiredKey(opts: ResolvedSpOptions): StoredKey {
  const year = 365 * 86_400_000;
  return opts.keystore.get(`sp-${opts.orgId}-expired`, {
    commonName: `accord-sp-${opts.orgId}`,
    organization: 'Accord reference SP',
    notBefore: new Date(Date.now() - 2 * year),
    notAfter: new Date(Date.now() - year),
  });
}

/** The signed metadata with its OrganizationDisplayName changed afterwards: still usable, no longer verifiable. */
function alteredAfterSigning(xml: string): string {
  const altered = xml.replace(/(<md:OrganizationDisplayName[^>]*>)([^<]*)/, '$1$2 (edited after signing)');
  if (altered === xml)
    throw new Error('reference SP: metadata-bad-signature found no OrganizationDisplayName');
  return altered;
}
