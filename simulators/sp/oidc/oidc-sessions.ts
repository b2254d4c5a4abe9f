import type { PendingAuthorization, RpSignIn } from '../../rp/sessions.ts';
import type { SpContext } from '../context.ts';
import { REQUEST_TTL_MS } from '../sessions.ts';

export interface PendingOidc extends PendingAuthorization {
  idp: string;
  relayState?: string;
}

export interface OidcSignIn extends RpSignIn {
  idp: string;
}

const MAX_PENDING_PER_SESSION = 50;
const MAX_SESSIONS = 20_000;

/**
 * What OIDC adds to the SP's browser sessions, by session ID: the authentication requests waiting
 * for an answer, and the sign-in (ID token, sub, sid) RP-initiated and back-channel logout need.
 * The SP's own session (its cookie, its login) is the one the SAML sign-in uses.
 */
export class OidcSessions {
  private readonly pending = new Map<string, PendingOidc[]>();
  private readonly signIns = new Map<string, OidcSignIn>();

  constructor(private readonly now: () => number) {}

  addPending(sessionId: string, p: PendingOidc): void {
    const live = this.pendingOf(sessionId);
    while (live.length >= MAX_PENDING_PER_SESSION) live.shift();
    live.push(p);
    this.pending.set(sessionId, live);
    bound(this.pending);
  }

  /** The session's requests still waiting, oldest first. */
  pendingOf(sessionId: string | undefined): PendingOidc[] {
    if (!sessionId) return [];
    const now = this.now();
    return (this.pending.get(sessionId) ?? []).filter((p) => now - p.at <= REQUEST_TTL_MS);
  }

  answered(sessionId: string, p: PendingAuthorization): void {
    const left = this.pendingOf(sessionId).filter((x) => x !== p);
    if (left.length > 0) this.pending.set(sessionId, left);
    else this.pending.delete(sessionId);
  }

  signedIn(sessionId: string, s: OidcSignIn): void {
    this.signIns.set(sessionId, s);
    bound(this.signIns);
  }

  signInOf(sessionId: string | undefined): OidcSignIn | undefined {
    return sessionId ? this.signIns.get(sessionId) : undefined;
  }

  end(sessionId: string): void {
    this.signIns.delete(sessionId);
    this.pending.delete(sessionId);
  }

  /** The IDs of the sessions whose sign-in matches. */
  sessionsWhere(match: (s: OidcSignIn) => boolean): string[] {
    return [...this.signIns].filter(([, s]) => match(s)).map(([id]) => id);
  }
}

function bound<T>(m: Map<string, T>): void {
  for (const id of m.keys()) {
    if (m.size <= MAX_SESSIONS) break;
    m.delete(id);
  }
}

const byContext = new WeakMap<SpContext, OidcSessions>();

/** The OIDC side of this SP's sessions (one per simulator). */
export function oidcSessions(ctx: SpContext): OidcSessions {
  let s = byContext.get(ctx);
  if (!s) {
    s = new OidcSessions(() => ctx.opts.clock().getTime());
    byContext.set(ctx, s);
  }
  return s;
}
