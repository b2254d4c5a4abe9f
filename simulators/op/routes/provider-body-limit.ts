import type { NextFunction, Request, Response } from 'express';

/** oidc-provider reads at most this much of a form or JSON body (lib/shared/selective_body.js). */
export const PROVIDER_BODY_LIMIT = 56 * 1024;

/**
 * oidc-provider refuses a larger body as "failed to parse the request body", which names neither
 * the size nor the limit. A body declared larger is refused here first, in the provider's own
 * error shape (RFC 6749 5.2), naming both.
 */
export function providerBodyLimit(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length']);
  if (!(length > PROVIDER_BODY_LIMIT)) {
    next();
    return;
  }
  res.status(413).json({
    error: 'invalid_request',
    error_description: `the request body (${length} bytes) exceeds ${PROVIDER_BODY_LIMIT} bytes, the limit of this OP's protocol endpoints`,
  });
}
