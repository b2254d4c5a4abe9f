import type { Request, Response } from 'express';
import {
  parseSsoBindings,
  SSO_BINDINGS_PARAM,
  SsoBindingsError,
} from '../../../lib/admin/idp-metadata-query.ts';
import { errorPage } from '../../shared/pages.ts';
import type { IdpContext } from '../context.ts';
import type { PathTable } from '../path-table.ts';

/**
 * The IdP metadata at the vendor's path and at /metadata. `?ssoBindings=post` (or redirect)
 * publishes only those SingleSignOnService bindings; the SSO endpoint still accepts both.
 */
export function metadataRoutes(ctx: IdpContext, table: PathTable): void {
  const serve = (req: Request, res: Response) => {
    let bindings: ReturnType<typeof parseSsoBindings>;
    try {
      bindings = parseSsoBindings(req.query[SSO_BINDINGS_PARAM]);
    } catch (e) {
      if (!(e instanceof SsoBindingsError)) throw e;
      res
        .status(400)
        .type('html')
        .send(errorPage('Bad metadata request', SSO_BINDINGS_PARAM, e.message));
      return;
    }
    res
      .status(200)
      .type('application/samlmetadata+xml')
      .set('Cache-Control', 'no-cache')
      .send(ctx.metadataXml(bindings));
  };
  for (const path of [ctx.paths.metadata, '/metadata']) table.add(path, ['GET'], serve);
}
