import type { Request, Response } from 'express';
import type { SpContext } from '../context.ts';
import { beginOidcSignIn } from './begin-sign-in.ts';

/** beginOidcSignIn for a route that does not wait: a failure to start answers 500 with the reason. */
export function startOidcSignIn(
  ctx: SpContext,
  idpName: string,
  req: Request,
  res: Response,
  relayState?: string,
): void {
  void beginOidcSignIn(ctx, idpName, req, res, relayState).catch((e: unknown) => {
    if (!res.headersSent)
      res
        .status(500)
        .type('text')
        .send(`sign-in could not start: ${(e as Error).message}`);
  });
}
