import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { HTTP_LIMITS } from './http-limits.ts';
import { errorPage } from './pages.ts';

/** Form and metadata bodies with a size cap; anything larger or broken is a 4xx naming the problem. */
export function useBodyParsers(app: Express): void {
  app.use(
    express.urlencoded({
      extended: false,
      limit: HTTP_LIMITS.maxFormBytes,
      parameterLimit: HTTP_LIMITS.maxParameters,
    }),
  );
  app.use(express.json({ limit: HTTP_LIMITS.maxFormBytes }));
  app.use(
    express.text({
      type: ['application/xml', 'text/xml', 'application/samlmetadata+xml', 'text/plain'],
      limit: HTTP_LIMITS.maxXmlBodyBytes,
    }),
  );
}

/** body-parser's refusal, in words that name the limit the request hit. */
export function bodyRefusal(err: unknown): { status: number; code: string; message: string } | undefined {
  const e = err as { status?: number; type?: string; message?: string; limit?: number; length?: number };
  if (e.type === 'entity.too.large') {
    return {
      status: 413,
      code: 'too-large',
      message: `the request body${e.length ? ` (${e.length} bytes)` : ''} exceeds ${e.limit} bytes, the limit for this endpoint`,
    };
  }
  if (e.type === 'parameters.too.many') {
    return {
      status: 413,
      code: 'too-many-parameters',
      message: `the form has more than ${HTTP_LIMITS.maxParameters} fields (the limit, maxParameters)`,
    };
  }
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return { status: 415, code: 'unsupported-encoding', message: e.message ?? 'unsupported body encoding' };
  }
  if (e.type === 'entity.parse.failed') {
    return { status: 400, code: 'bad-body', message: `the body is not valid JSON: ${e.message ?? ''}` };
  }
  if (e.status !== undefined && e.status >= 400 && e.status < 500) {
    return { status: e.status, code: 'request', message: e.message ?? 'bad request' };
  }
  return undefined;
}

/** The admin API answers in JSON ({error, check}); pages for people answer in HTML. */
function answer(
  req: Request,
  res: Response,
  status: number,
  title: string,
  check: string,
  detail: string,
): void {
  if (req.path.startsWith('/__accord/')) {
    res.status(status).json({ error: detail, check });
    return;
  }
  res
    .status(status)
    .type('html')
    .send(errorPage(title, check, detail));
}

/** Last middleware: no request may crash a simulator or leave it without an answer. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return void res.end();
  if (err instanceof SamlInputError) {
    return answer(req, res, err.code === 'too-large' ? 413 : 400, 'Bad SAML message', err.code, err.message);
  }
  const refused = bodyRefusal(err);
  if (refused) {
    const title = refused.status === 413 ? 'Message too large' : 'Bad request';
    return answer(req, res, refused.status, title, refused.code, refused.message);
  }
  process.stderr.write(
    `simulator: ${req.method} ${req.path} failed: ${(err as Error)?.stack ?? String(err)}\n`,
  );
  answer(req, res, 500, 'Internal error', 'internal', (err as Error)?.message ?? String(err));
};
