import type { Request, Response } from 'express';
import { readCookie } from '../sp/sessions.ts';
import type { RpContext } from './context.ts';
import type { RpSession } from './sessions.ts';

const MAX_PARAMETER_LENGTH = 8192;

/** Hostile or malformed input: the shared error handler answers 400 with this message. */
export class RpInputError extends Error {
  readonly status = 400;
}

/** One string parameter from a parsed query or form; repeated, structured or huge values are refused. */
export function singleParam(source: unknown, name: string): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const v = (source as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw new RpInputError(
      `expected at most one ${name} parameter, got ${Array.isArray(v) ? v.length : 'a structured value'}`,
    );
  if (v.length > MAX_PARAMETER_LENGTH)
    throw new RpInputError(
      `the ${name} parameter is ${v.length} characters long; at most ${MAX_PARAMETER_LENGTH}`,
    );
  return v;
}

export function currentSession(ctx: RpContext, req: Request): RpSession | undefined {
  return ctx.sessions.get(readCookie(req.headers.cookie, ctx.urls.cookieName));
}

/* The OP sends the browser back with a top-level GET, which a SameSite=Lax cookie accompanies. */
export function setSessionCookie(ctx: RpContext, res: Response, session: RpSession): void {
  const secure = ctx.urls.base.startsWith('https:') ? '; Secure' : '';
  res.append('Set-Cookie', `${ctx.urls.cookieName}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure}`);
}

export function clearSessionCookie(ctx: RpContext, res: Response): void {
  res.append('Set-Cookie', `${ctx.urls.cookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}
