import { randomBytes } from 'node:crypto';

export interface OutstandingRequest {
  idp: string;
  relayState?: string;
  at: number;
}

export interface SignedIn {
  email: string;
  idp: string;
  nameId: string;
  nameIdFormat: string;
  nameQualifier?: string;
  spNameQualifier?: string;
  sessionIndex?: string;
  attributes: Record<string, string[]>;
  at: number;
}

export interface SpSession {
  id: string;
  createdAt: number;
  /** AuthnRequests sent from this browser and not yet answered, by ID. */
  requests: Map<string, OutstandingRequest>;
  login?: SignedIn;
}

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** How long an AuthnRequest may wait for its Response (the user may take a while at the IdP). */
export const REQUEST_TTL_MS = 30 * 60 * 1000;
const MAX_SESSIONS = 20_000;
const MAX_REQUESTS_PER_SESSION = 50;

/** Server-side browser sessions; the cookie carries only a random ID. */
export class SessionStore {
  private readonly sessions = new Map<string, SpSession>();

  constructor(private readonly now: () => number) {}

  get(id: string | undefined): SpSession | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (this.now() - s.createdAt > SESSION_TTL_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    return s;
  }

  create(): SpSession {
    this.prune();
    const s: SpSession = {
      id: randomBytes(24).toString('base64url'),
      createdAt: this.now(),
      requests: new Map(),
    };
    this.sessions.set(s.id, s);
    return s;
  }

  /** A new ID for the same state, issued at sign-in so a planted session ID is worthless (session fixation). */
  rotate(s: SpSession): SpSession {
    this.sessions.delete(s.id);
    const next: SpSession = { ...s, id: randomBytes(24).toString('base64url'), createdAt: this.now() };
    this.sessions.set(next.id, next);
    return next;
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  addRequest(s: SpSession, id: string, req: OutstandingRequest): void {
    for (const [rid, r] of s.requests) if (this.now() - r.at > REQUEST_TTL_MS) s.requests.delete(rid);
    while (s.requests.size >= MAX_REQUESTS_PER_SESSION)
      s.requests.delete(s.requests.keys().next().value as string);
    s.requests.set(id, req);
  }

  /** The outstanding request with this ID, removed unless `keep`. */
  takeRequest(s: SpSession, id: string, keep = false): OutstandingRequest | undefined {
    const r = s.requests.get(id);
    if (!r) return undefined;
    if (this.now() - r.at > REQUEST_TTL_MS) {
      s.requests.delete(id);
      return undefined;
    }
    if (!keep) s.requests.delete(id);
    return r;
  }

  /** The outstanding request with this ID in whichever session holds it, removed unless `keep`. */
  takeRequestAnywhere(id: string, keep = false): OutstandingRequest | undefined {
    for (const s of this.sessions.values()) {
      if (s.requests.has(id)) return this.takeRequest(s, id, keep);
    }
    return undefined;
  }

  /** Sessions signed in as this subject at this IdP (IdP-initiated logout names the subject, not the browser). */
  findSignedIn(idp: string, nameId: string, sessionIndexes: string[]): SpSession[] {
    return [...this.sessions.values()].filter(
      (s) =>
        s.login?.idp === idp &&
        s.login.nameId === nameId &&
        (sessionIndexes.length === 0 ||
          (s.login.sessionIndex !== undefined && sessionIndexes.includes(s.login.sessionIndex))),
    );
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

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
