import type { Request, Response } from 'express';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { flowFromCookieHeader } from '../../lib/trace/recorder.ts';
import { errorPage } from '../shared/pages.ts';
import type { IdpContext } from './context.ts';

export interface Failure {
  status: number;
  /** Stable name of what was wrong (a SamlInputError code, a check id, 'unknown-sp', ...). */
  check: string;
  title: string;
  detail: string;
}

const MAX_URL_IN_TRACE = 2048;

export function clippedUrl(req: Request): string {
  const u = req.originalUrl;
  return u.length > MAX_URL_IN_TRACE ? `${u.slice(0, MAX_URL_IN_TRACE)}…` : u;
}

/** Answers a 4xx page naming the problem and records it, so a refused message still shows in the trace. */
export function fail(ctx: IdpContext, req: Request, res: Response, f: Failure): void {
  ctx.trace.record({
    flow: flowFromCookieHeader(req.headers.cookie),
    direction: 'in',
    from: 'Browser',
    to: 'IdP',
    kind: 'Error',
    method: req.method,
    url: clippedUrl(req),
    info: { status: f.status, check: f.check, error: f.detail },
  });
  if (!res.headersSent)
    res
      .status(f.status)
      .type('html')
      .send(errorPage(f.title, f.check, f.detail));
}

/** A message that could not be read: 413 when too large, else 400. Anything else is rethrown. */
export function failOnInput(ctx: IdpContext, req: Request, res: Response, err: unknown, what: string): void {
  if (!(err instanceof SamlInputError)) throw err;
  fail(ctx, req, res, {
    status: err.code === 'too-large' ? 413 : 400,
    check: err.code,
    title: `Bad ${what}`,
    detail: err.message,
  });
}
