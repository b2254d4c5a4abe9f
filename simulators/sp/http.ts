import type { Request, Response } from 'express';
import { SamlInputError } from '../../lib/saml/errors.ts';
import type { SpContext } from './context.ts';
import { readCookie, type SpSession } from './sessions.ts';

export function currentSession(ctx: SpContext, req: Request): SpSession | undefined {
  return ctx.sessions.get(readCookie(req.headers.cookie, ctx.urls.cookieName));
}

export function sessionFor(ctx: SpContext, req: Request): SpSession {
  return currentSession(ctx, req) ?? ctx.sessions.create();
}

/*
 * The ACS receives a cross-site POST whenever the IdP lives on another site; a SameSite=Lax cookie
 * would not come with it. Over https the cookie is SameSite=None; Secure. Over http (loopback runs)
 * SameSite is left unset: loopback ports are one site, and browsers still send unset-SameSite
 * cookies on a top-level POST shortly after they were set.
 */
export function setSessionCookie(ctx: SpContext, res: Response, session: SpSession): void {
  const secure = ctx.urls.base.startsWith('https:') ? '; SameSite=None; Secure' : '';
  res.append('Set-Cookie', `${ctx.urls.cookieName}=${session.id}; Path=/; HttpOnly${secure}`);
}

export function clearSessionCookie(ctx: SpContext, res: Response): void {
  res.append('Set-Cookie', `${ctx.urls.cookieName}=; Path=/; HttpOnly; Max-Age=0`);
}

/** One string parameter from a parsed form or query; repeated or non-string values are refused. */
export function singleParam(source: unknown, name: string): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const v = (source as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    throw new SamlInputError(
      'missing-parameter',
      `expected exactly one ${name} parameter, got ${Array.isArray(v) ? v.length : 'a structured value'}`,
    );
  }
  return v;
}

/** The raw query string exactly as sent: Redirect-binding signatures cover these octets. */
export function rawQuery(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i < 0 ? '' : req.originalUrl.slice(i + 1);
}
