import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import { BoundedMap } from '../shared/bounded-map.ts';

interface Stored {
  payload: AdapterPayload;
  /** ms since the epoch; undefined: no expiry. */
  expiresAt?: number;
}

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode']);

/**
 * oidc-provider's storage for one simulator. The package's own memory adapter keeps one store
 * for the whole process, so two OPs in one process would share clients of the same id; this one
 * belongs to its simulator and outlives the provider instances the simulator replaces when its
 * keys change. Clients are read from the simulator's registrations, which it keeps itself.
 */
export class OpStore {
  constructor(
    private readonly client: (id: string) => ClientMetadata | undefined,
    /**
     * codesReusable: seeded defect code-reusable, authorization codes are never marked consumed.
     * registered: keeps a client the provider registered itself (its registration endpoint).
     */
    private readonly options: {
      codesReusable?: boolean;
      registered?: (metadata: AdapterPayload) => void;
    } = {},
  ) {}

  private readonly items = new BoundedMap<string, Stored>(50_000);
  private readonly grants = new BoundedMap<string, Set<string>>(20_000);
  private readonly sessionUids = new BoundedMap<string, string>(20_000);
  private readonly adapters = new Map<string, Adapter>();

  adapter(model: string): Adapter {
    let a = this.adapters.get(model);
    if (!a) {
      a = this.make(model);
      this.adapters.set(model, a);
    }
    return a;
  }

  private live(key: string): AdapterPayload | undefined {
    const s = this.items.get(key);
    if (!s) return undefined;
    if (s.expiresAt !== undefined && s.expiresAt <= Date.now()) {
      this.items.delete(key);
      return undefined;
    }
    return s.payload;
  }

  private make(model: string): Adapter {
    if (model === 'Client') return this.clientAdapter();
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        const k = key(id);
        this.items.set(k, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
        if (GRANTABLE.has(model) && payload.grantId) {
          const members = this.grants.get(payload.grantId) ?? new Set<string>();
          members.add(k);
          this.grants.set(payload.grantId, members);
        }
        if (model === 'Session' && payload.uid) this.sessionUids.set(payload.uid, id);
      },
      find: async (id) => this.live(key(id)),
      findByUid: async (uid) => {
        const id = this.sessionUids.get(uid);
        return id === undefined ? undefined : this.live(key(id));
      },
      findByUserCode: async () => undefined,
      consume: async (id) => {
        if (model === 'AuthorizationCode' && this.options.codesReusable) return;
        const p = this.live(key(id));
        if (p) p.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.items.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const k of this.grants.get(grantId) ?? []) this.items.delete(k);
        this.grants.delete(grantId);
      },
    };
  }

  private clientAdapter(): Adapter {
    const none = async () => undefined;
    return {
      upsert: async (_id, payload) => this.options.registered?.(payload),
      find: async (id) => this.client(id) as AdapterPayload | undefined,
      findByUid: none,
      findByUserCode: none,
      consume: none,
      destroy: none,
      revokeByGrantId: none,
    };
  }
}
