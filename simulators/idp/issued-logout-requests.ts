import type { AssertedNameId } from './asserted-subjects.ts';

/** A LogoutRequest this IdP issued, kept until the SP's LogoutResponse names it. */
export interface PendingLogoutRequest {
  id: string;
  sp: string;
  user: string;
  flow?: string;
  binding: 'HTTP-Redirect' | 'HTTP-POST';
  nameId: AssertedNameId;
  sessionIndex?: string;
  issuedAt: number;
}

const TTL_MS = 30 * 60_000;

/**
 * The IdP side of IdP-initiated logout (SAML profiles 4.4.3.4): a LogoutResponse is only an
 * answer if its InResponseTo names one of these. Each is answered once; old ones expire.
 */
export class IssuedLogoutRequests {
  private readonly byId = new Map<string, PendingLogoutRequest>();

  constructor(private readonly limit = 10_000) {}

  add(r: PendingLogoutRequest): void {
    const now = Date.now();
    for (const [id, v] of this.byId) {
      if (now - v.issuedAt <= TTL_MS) break;
      this.byId.delete(id);
    }
    this.byId.set(r.id, r);
    if (this.byId.size > this.limit) this.byId.delete(this.byId.keys().next().value as string);
  }

  /** The request `id` names, removed so a replayed answer no longer matches. */
  take(id: string): PendingLogoutRequest | undefined {
    const r = this.byId.get(id);
    this.byId.delete(id);
    return r && Date.now() - r.issuedAt <= TTL_MS ? r : undefined;
  }
}
