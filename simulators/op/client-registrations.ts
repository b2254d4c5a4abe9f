import type { OidcClientRegistration } from '../../lib/admin/oidc-protocol.ts';
import type { PeerStore } from '../../lib/state/peer-store.ts';

/**
 * The OP's registered clients: kept in its state database, read from memory. Every request of a
 * flow asks for its client several times (the provider, then each hook), and a database read with
 * a JSON parse each time was a visible part of a code flow's cost. Only registrations found are
 * kept (at most the store's limit), so unknown client ids cost memory nothing. The simulator
 * owns its state file: no other process writes its clients behind its back.
 */
export class ClientRegistrations {
  private readonly known = new Map<string, OidcClientRegistration>();

  constructor(private readonly store: PeerStore<OidcClientRegistration>) {}

  get(clientId: string): OidcClientRegistration | undefined {
    const kept = this.known.get(clientId);
    if (kept) return kept;
    const stored = this.store.get(clientId);
    if (!stored) return undefined;
    // Shared by every caller from now on: frozen, so none can change it for the others.
    const reg = Object.freeze({
      ...stored,
      redirectUris: Object.freeze([...stored.redirectUris]) as string[],
      ...(stored.postLogoutRedirectUris
        ? { postLogoutRedirectUris: Object.freeze([...stored.postLogoutRedirectUris]) as string[] }
        : {}),
    });
    this.known.set(clientId, reg);
    return reg;
  }

  /** Stores the registration (PeerLimitError when full), replacing one of the same client id. */
  put(clientId: string, reg: OidcClientRegistration): void {
    this.known.delete(clientId);
    this.store.put(clientId, reg);
  }

  delete(clientId: string): boolean {
    this.known.delete(clientId);
    return this.store.delete(clientId);
  }

  list(): OidcClientRegistration[] {
    return this.store.list();
  }
}
