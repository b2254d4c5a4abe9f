import { PeerStore } from '../../../lib/state/peer-store.ts';
import { isRpDefect, type RpDefectName } from '../../rp/defects.ts';
import { OpConnection } from '../../rp/op-connection.ts';
import type { SpContext } from '../context.ts';
import type { OidcIdpSettings } from './idp-settings.ts';

export interface StoredOidcIdp extends OidcIdpSettings {
  addedAt: string;
}

/** What the admin API shows of an IdP: everything but the client secret. */
export type OidcIdpView = Omit<StoredOidcIdp, 'op'> & { op: Omit<StoredOidcIdp['op'], 'clientSecret'> };

/**
 * The organisation's OpenID Connect IdPs, by name, in the state database beside the trusted SAML
 * IdPs, and one OpConnection each (discovery and JWKS cached), made again when the IdP changes.
 */
export class OidcIdps {
  private readonly store: PeerStore<StoredOidcIdp>;
  private readonly connections = new Map<string, OpConnection>();
  /**
   * The reference RP's seeded defects among the SP's: its OIDC sign-in is the reference RP's code,
   * so the same names break it the same way. The SP's own (JIT) act after, in provisioning.
   */
  readonly rpDefects: ReadonlySet<RpDefectName>;

  constructor(private readonly ctx: SpContext) {
    this.store = new PeerStore<StoredOidcIdp>(ctx.opts.state, `sp-oidc:${ctx.opts.orgId}`);
    this.rpDefects = new Set([...ctx.opts.defects].filter(isRpDefect));
  }

  /** Adds or replaces the IdP; throws PeerLimitError when the organisation has as many as it may. */
  put(settings: OidcIdpSettings): StoredOidcIdp {
    const idp: StoredOidcIdp = { ...settings, addedAt: this.ctx.opts.clock().toISOString() };
    this.store.put(idp.name, idp);
    this.connections.delete(idp.name);
    return idp;
  }

  get(name: string): StoredOidcIdp | undefined {
    return this.store.get(name);
  }

  list(): StoredOidcIdp[] {
    return this.store.list();
  }

  remove(name: string): boolean {
    this.connections.delete(name);
    return this.store.delete(name);
  }

  /** The IdP's connection, made on first use; undefined when no IdP has the name. */
  connection(name: string): OpConnection | undefined {
    const idp = this.get(name);
    if (!idp) return undefined;
    let c = this.connections.get(name);
    if (!c) {
      c = new OpConnection(idp.op, this.rpDefects, this.ctx.opts.skewSeconds);
      this.connections.set(name, c);
    }
    return c;
  }
}

export function viewOf(idp: StoredOidcIdp): OidcIdpView {
  const { clientSecret: _secret, ...op } = idp.op;
  return { ...idp, op };
}

const byContext = new WeakMap<SpContext, OidcIdps>();

/** The OIDC IdPs of this SP (one list per simulator). */
export function oidcIdps(ctx: SpContext): OidcIdps {
  let idps = byContext.get(ctx);
  if (!idps) {
    idps = new OidcIdps(ctx);
    byContext.set(ctx, idps);
  }
  return idps;
}

/** Every OIDC IdP of the organisation, for routing and pages. */
export function listOidcIdps(ctx: SpContext): StoredOidcIdp[] {
  return oidcIdps(ctx).list();
}

export function getOidcIdp(ctx: SpContext, name: string): StoredOidcIdp | undefined {
  return oidcIdps(ctx).get(name);
}
