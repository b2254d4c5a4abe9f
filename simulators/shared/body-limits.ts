import express, { type ErrorRequestHandler, type Express } from 'express';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { errorPage } from './pages.ts';

export const MAX_FORM_BYTES = 1024 * 1024;

/** Form and metadata bodies with a size cap; anything larger or broken is a 4xx naming the problem. */
export function useBodyParsers(app: Express): void {
  app.use(express.urlencoded({ extended: false, limit: MAX_FORM_BYTES, parameterLimit: 50 }));
  app.use(express.json({ limit: MAX_FORM_BYTES }));
  app.use(
    express.text({
      type: ['application/xml', 'text/xml', 'application/samlmetadata+xml', 'text/plain'],
      limit: 4 * MAX_FORM_BYTES,
    }),
  );
}

/** Last middleware: no request may crash a simulator or leave it without an answer. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as { status?: number; type?: string; message?: string };
  if (err instanceof SamlInputError) {
    res
      .status(400)
      .type('html')
      .send(errorPage('Bad SAML message', err.code, err.message));
    return;
  }
  if (e.type === 'entity.too.large') {
    res
      .status(413)
      .type('html')
      .send(errorPage('Message too large', 'too-large', `request body exceeds ${MAX_FORM_BYTES} bytes`));
    return;
  }
  const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
  res
    .status(status)
    .type('html')
    .send(errorPage(status === 500 ? 'Internal error' : 'Bad request', 'request', e.message ?? String(err)));
};
