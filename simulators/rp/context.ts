import type { Request } from 'express';
import type { RpInfo, RpOpSettings } from '../../lib/admin/oidc-protocol.ts';
import { flowFromCookieHeader, TraceRecorder } from '../../lib/trace/recorder.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';
import type { RpDefectName } from './defects.ts';
import { OpConnection } from './op-connection.ts';
import type { ResolvedRpOptions } from './options.ts';
import { RpSessionStore } from './sessions.ts';

/** Where the RP lives once it listens; every URL it publishes derives from the base URL. */
export interface RpUrls {
  base: string;
  login: string;
  redirectUri: string;
  logout: string;
  postLogoutRedirectUri: string;
  backchannelLogout: string;
  me: string;
  claims: string;
  cookieName: string;
}

export function rpUrls(base: string): RpUrls {
  const b = base.replace(/\/+$/, '');
  const port = new URL(b).port || (b.startsWith('https:') ? '443' : '80');
  return {
    base: b,
    login: `${b}/login`,
    redirectUri: `${b}/callback`,
    logout: `${b}/logout`,
    postLogoutRedirectUri: `${b}/logged-out`,
    backchannelLogout: `${b}/backchannel-logout`,
    me: `${b}/me`,
    claims: `${b}/me/claims`,
    // Browsers ignore ports for cookies on 127.0.0.1: a name of its own per instance and role.
    cookieName: `accord_rp_${port}`,
  };
}

/** Everything the routes share; built once per simulator. */
export class RpContext {
  readonly trace: TraceRecorder;
  readonly sessions: RpSessionStore;
  private connection?: OpConnection;
  private attached?: RpUrls;

  constructor(readonly opts: ResolvedRpOptions) {
    this.trace = new TraceRecorder(`rp:${opts.name}`);
    this.sessions = new RpSessionStore(() => this.now());
    if (opts.op) this.configure(opts.op);
  }

  /** Signs in with this OP from now on; what was discovered about the previous one is forgotten. */
  configure(settings: RpOpSettings): void {
    this.connection = new OpConnection(settings, this.opts.defects, this.opts.skewSeconds);
  }

  get op(): OpConnection | undefined {
    return this.connection;
  }

  attach(baseUrl: string): RpInfo {
    this.attached = rpUrls(baseUrl);
    return this.info();
  }

  get isAttached(): boolean {
    return this.attached !== undefined;
  }

  get urls(): RpUrls {
    if (!this.attached) throw new Error('reference RP: not attached to a base URL yet');
    return this.attached;
  }

  info(): RpInfo {
    const u = this.urls;
    return {
      role: 'rp',
      baseUrl: u.base,
      loginUrl: u.login,
      redirectUri: u.redirectUri,
      logoutUrl: u.logout,
      postLogoutRedirectUri: u.postLogoutRedirectUri,
      backchannelLogoutUri: u.backchannelLogout,
      meUrl: u.claims,
    };
  }

  get defects(): ReadonlySet<RpDefectName> {
    return this.opts.defects;
  }

  has(defect: RpDefectName): boolean {
    return this.opts.defects.has(defect);
  }

  now(): number {
    return this.opts.clock().getTime();
  }

  record(req: Request, entry: Omit<TraceEntry, 'seq' | 'at' | 'observer' | 'flow'>): TraceEntry {
    return this.trace.record({ flow: flowFromCookieHeader(req.headers.cookie), ...entry });
  }
}
