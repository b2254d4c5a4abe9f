import { randomBytes } from 'node:crypto';
import type { JWTPayload } from 'jose';

/** An authentication request this browser sent, kept until its response comes back. */
export interface PendingAuthorization {
  state?: string;
  nonce?: string;
  codeVerifier?: string;
  redirectUri: string;
  at: number;
}

/** Who the application shows as signed in. */
export interface RpUser {
  email?: string;
  name?: string;
}

export interface RpSignIn {
  /** The OP's issuer, subject and session (sid) the ID token named: what back-channel logout matches. */
  iss: string;
  sub?: string;
  sid?: string;
  idToken: string;
  idTokenClaims: JWTPayload;
  userinfo?: Record<string, unknown>;
  user: RpUser;
  at: number;
}

export interface RpSession {
  id: string;
  createdAt: number;
  pending: PendingAuthorization[];
  signIn?: RpSignIn;
}

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** How long an authentication request may wait for its response (the user may take a while at the OP). */
const PENDING_TTL_MS = 30 * 60 * 1000;
const MAX_PENDING = 20;
const MAX_SESSIONS = 20_000;

/** Server-side browser sessions in memory; the cookie carries only a random ID. */
export class RpSessionStore {
  private readonly sessions = new Map<string, RpSession>();

  constructor(private readonly now: () => number) {}

  get(id: string | undefined): RpSession | undefined {
    const s = id === undefined ? undefined : this.sessions.get(id);
    if (s && this.now() - s.createdAt > SESSION_TTL_MS) {
      this.sessions.delete(s.id);
      return undefined;
    }
    return s;
  }

  create(): RpSession {
    this.prune();
    const s: RpSession = { id: newId(), createdAt: this.now(), pending: [] };
    this.sessions.set(s.id, s);
    return s;
  }

  /** A new ID for the signed-in state, so a session ID planted before sign-in is worthless (session fixation). */
  signIn(s: RpSession, signIn: RpSignIn): RpSession {
    this.sessions.delete(s.id);
    const next: RpSession = { id: newId(), createdAt: this.now(), pending: [], signIn };
    this.sessions.set(next.id, next);
    return next;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  addPending(s: RpSession, p: PendingAuthorization): void {
    s.pending = s.pending.filter((q) => this.now() - q.at <= PENDING_TTL_MS).slice(-(MAX_PENDING - 1));
    s.pending.push(p);
  }

  /** Requests still waiting, oldest first. */
  pending(s: RpSession): PendingAuthorization[] {
    return s.pending.filter((q) => this.now() - q.at <= PENDING_TTL_MS);
  }

  /** Removes an answered request: a response is accepted once. */
  answered(s: RpSession, p: PendingAuthorization): void {
    s.pending = s.pending.filter((q) => q !== p);
  }

  /** Ends every signed-in session the predicate selects; returns how many. */
  endWhere(selects: (signIn: RpSignIn) => boolean): number {
    let ended = 0;
    for (const [id, s] of this.sessions) {
      if (s.signIn && selects(s.signIn)) {
        this.sessions.delete(id);
        ended += 1;
      }
    }
    return ended;
  }

  private prune(): void {
    if (this.sessions.size < MAX_SESSIONS) return;
    const now = this.now();
    for (const [id, s] of this.sessions) if (now - s.createdAt > SESSION_TTL_MS) this.sessions.delete(id);
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < MAX_SESSIONS) break;
      this.sessions.delete(id);
    }
  }
}

const newId = () => randomBytes(24).toString('base64url');
