import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { newSamlId } from '../../lib/saml/ids.ts';

/** A login the IdP still owes an answer to, waiting for the user to sign in. */
export interface PendingLogin {
  kind: 'sp-initiated' | 'idp-initiated';
  spEntityId: string;
  acsUrl: string;
  /** AuthnRequest ID; absent for IdP-initiated logins. */
  requestId?: string;
  relayState?: string;
  flow?: string;
  createdAt: number;
}

export interface IdpSession {
  id: string;
  /** Username of the signed-in user. */
  user?: string;
  authnInstant?: Date;
  sessionIndex: string;
  /** Transient NameIDs handed out in this session, per SP entityID. */
  transientNameIds: Map<string, string>;
  pending: Map<string, PendingLogin>;
  lastSeen: number;
}

const MAX_PENDING_PER_SESSION = 50;
const PENDING_TTL_MS = 30 * 60_000;

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * In-memory browser sessions behind one cookie. Browsers ignore ports for cookies on 127.0.0.1,
 * so the cookie name carries something unique to this simulator instance.
 */
export class SessionStore {
  private readonly sessions = new Map<string, IdpSession>();

  constructor(
    private readonly cookieName: () => string,
    private readonly limit = 10_000,
  ) {}

  get(req: Request): IdpSession | undefined {
    const id = cookieValue(req.headers.cookie, this.cookieName());
    const s = id ? this.sessions.get(id) : undefined;
    if (s) {
      s.lastSeen = Date.now();
      this.sessions.delete(s.id);
      this.sessions.set(s.id, s);
    }
    return s;
  }

  /** The request's session, or a new one with its cookie set on the response. */
  ensure(req: Request, res: Response): IdpSession {
    const existing = this.get(req);
    if (existing) return existing;
    const s: IdpSession = {
      id: randomBytes(24).toString('base64url'),
      sessionIndex: newSamlId('_s'),
      transientNameIds: new Map(),
      pending: new Map(),
      lastSeen: Date.now(),
    };
    this.sessions.set(s.id, s);
    if (this.sessions.size > this.limit) this.sessions.delete(this.sessions.keys().next().value as string);
    res.append('Set-Cookie', `${this.cookieName()}=${s.id}; Path=/; HttpOnly; SameSite=Lax`);
    return s;
  }

  addPending(s: IdpSession, p: Omit<PendingLogin, 'createdAt'>): string {
    const now = Date.now();
    for (const [k, v] of s.pending) if (now - v.createdAt > PENDING_TTL_MS) s.pending.delete(k);
    const key = randomBytes(12).toString('base64url');
    s.pending.set(key, { ...p, createdAt: now });
    if (s.pending.size > MAX_PENDING_PER_SESSION) s.pending.delete(s.pending.keys().next().value as string);
    return key;
  }

  takePending(s: IdpSession, key: string | undefined): PendingLogin | undefined {
    if (!key) return undefined;
    const p = s.pending.get(key);
    s.pending.delete(key);
    return p && Date.now() - p.createdAt <= PENDING_TTL_MS ? p : undefined;
  }

  signIn(s: IdpSession, username: string, now: Date): void {
    s.user = username;
    s.authnInstant = now;
    s.sessionIndex = newSamlId('_s');
    s.transientNameIds.clear();
  }

  /** Ends the session the browser holds and any other holding the same SessionIndex. */
  signOut(s: IdpSession | undefined, sessionIndexes: readonly string[] = []): number {
    let ended = 0;
    const end = (x: IdpSession) => {
      if (x.user !== undefined) ended++;
      x.user = undefined;
      x.authnInstant = undefined;
      x.transientNameIds.clear();
      x.sessionIndex = newSamlId('_s');
    };
    if (s) end(s);
    if (sessionIndexes.length > 0) {
      for (const x of this.sessions.values()) if (sessionIndexes.includes(x.sessionIndex)) end(x);
    }
    return ended;
  }
}
