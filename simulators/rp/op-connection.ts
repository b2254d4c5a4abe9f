import { createRemoteJWKSet, type RemoteJWKSet } from 'jose';
import * as oidc from 'openid-client';
import type { RpOpSettings } from '../../lib/admin/oidc-protocol.ts';
import type { RpDefectName } from './defects.ts';
import { LibraryView } from './library-view.ts';
import { openIdClientRefusal } from './openid-client-refusal.ts';
import { DISCOVERY_ISSUER_RULE, issuerOfDiscoveryUrl, WELL_KNOWN } from './rules/discovery.ts';
import type { OpKeys } from './rules/jwt.ts';
import { firstRefusal, RuleRefusal } from './rules/rule.ts';
import { REGISTERED_ALG } from './rules/signature.ts';

/**
 * jose waits 30 s by default before an unknown kid may fetch the JWKS again; an OP that starts
 * signing with a new key seconds after the last fetch would be refused for that long. The OP is
 * the only source of ID tokens, and jose coalesces concurrent fetches, so an unknown kid fetches
 * at once; a known kid is served from the cache until it is ten minutes old.
 */
const JWKS_REFETCH_COOLDOWN_MS = 0;
const HTTP_TIMEOUT_SECONDS = 10;

// Plain http is the administrator's choice (a loopback or container OP); https stays the default.
const allowsHttp = (...urls: Array<string | undefined>) => urls.some((u) => u?.startsWith('http:'));

/** The OP one configuration names: its metadata (discovered once), its keys, and openid-client set up for it. */
export class OpConnection {
  private metadata?: Promise<oidc.ServerMetadata>;
  private jwks?: RemoteJWKSet;
  private readonly view: LibraryView;

  constructor(
    readonly settings: RpOpSettings,
    private readonly defects: ReadonlySet<RpDefectName>,
    private readonly skewSeconds: number,
  ) {
    this.view = new LibraryView(defects);
  }

  /** Discovered on first use and kept; a failed discovery is tried again at the next sign-in. */
  serverMetadata(): Promise<oidc.ServerMetadata> {
    this.metadata ??= this.discover().catch((e: unknown) => {
      this.metadata = undefined;
      throw e;
    });
    return this.metadata;
  }

  private async discover(): Promise<oidc.ServerMetadata> {
    const s = this.settings;
    if (s.discoveryUrl === undefined) {
      return {
        issuer: s.issuer as string,
        authorization_endpoint: s.authorizationEndpoint,
        token_endpoint: s.tokenEndpoint,
        jwks_uri: s.jwksUri,
        userinfo_endpoint: s.userinfoEndpoint,
        end_session_endpoint: s.endSessionEndpoint,
      };
    }
    const issuer = issuerOfDiscoveryUrl(s.discoveryUrl);
    const documentUrl = `${issuer}${WELL_KNOWN}`;
    const target = this.view.discoveryTarget(issuer, documentUrl);
    let found: oidc.ServerMetadata;
    try {
      const config = await oidc.discovery(target, s.clientId, undefined, undefined, {
        execute: allowsHttp(target.href) ? [oidc.allowInsecureRequests] : [],
        timeout: HTTP_TIMEOUT_SECONDS,
      });
      found = config.serverMetadata();
    } catch (e) {
      const named = (e as { cause?: { body?: { issuer?: unknown } } }).cause?.body;
      const refusal =
        named &&
        (await firstRefusal(
          [DISCOVERY_ISSUER_RULE],
          this.defects,
          { discoveryUrl: documentUrl, issuer: named.issuer },
          undefined,
        ));
      if (refusal) throw new RuleRefusal(refusal.rule, refusal.reason);
      throw openIdClientRefusal('discovery', e);
    }
    const refusal = await firstRefusal(
      [DISCOVERY_ISSUER_RULE],
      this.defects,
      { discoveryUrl: documentUrl, issuer: found.issuer },
      undefined,
    );
    if (refusal) throw new RuleRefusal(refusal.rule, refusal.reason);
    return found;
  }

  /** openid-client for one sign-in: the registered alg, the RP's clock skew, its auth method, and `fetch` to watch it. */
  async configuration(fetch?: oidc.CustomFetch): Promise<oidc.Configuration> {
    const meta = await this.serverMetadata();
    const s = this.settings;
    const config = new oidc.Configuration(
      meta,
      s.clientId,
      {
        client_secret: s.clientSecret,
        id_token_signed_response_alg: REGISTERED_ALG,
        [oidc.clockTolerance]: this.skewSeconds,
      },
      this.clientAuth(),
    );
    config.timeout = HTTP_TIMEOUT_SECONDS;
    if (allowsHttp(meta.issuer, meta.token_endpoint, meta.userinfo_endpoint, meta.authorization_endpoint))
      oidc.allowInsecureRequests(config);
    if (fetch) config[oidc.customFetch] = fetch;
    return config;
  }

  /** The registered token endpoint auth method; the wrong-auth-method defect uses the other one. */
  get authMethod(): 'client_secret_basic' | 'client_secret_post' {
    const registered = this.settings.tokenEndpointAuthMethod ?? 'client_secret_basic';
    if (!this.defects.has('wrong-auth-method')) return registered;
    return registered === 'client_secret_basic' ? 'client_secret_post' : 'client_secret_basic';
  }

  private clientAuth(): oidc.ClientAuth {
    return this.authMethod === 'client_secret_post'
      ? oidc.ClientSecretPost(this.settings.clientSecret)
      : oidc.ClientSecretBasic(this.settings.clientSecret);
  }

  /** The OP's signing keys, from its JWKS (fetched again on an unknown kid; never with no-jwks-refetch). */
  async keys(): Promise<OpKeys> {
    const meta = await this.serverMetadata();
    if (!meta.jwks_uri)
      throw new RuleRefusal('jwks', 'the OP publishes no jwks_uri to verify signatures with');
    const frozen = this.defects.has('no-jwks-refetch');
    this.jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri), {
      cooldownDuration: frozen ? Number.POSITIVE_INFINITY : JWKS_REFETCH_COOLDOWN_MS,
      cacheMaxAge: frozen ? Number.POSITIVE_INFINITY : undefined,
      timeoutDuration: HTTP_TIMEOUT_SECONDS * 1000,
    });
    const set = this.jwks;
    return {
      resolve: (header) => set(header),
      published: async () => {
        if (!set.jwks()) await set.reload();
        return set.jwks()?.keys ?? [];
      },
    };
  }

  get libraryView(): LibraryView {
    return this.view;
  }
}
