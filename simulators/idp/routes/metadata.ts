import type { IdpContext } from '../context.ts';
import type { PathTable } from '../path-table.ts';

/** The IdP metadata at the vendor's path and at /metadata. */
export function metadataRoutes(ctx: IdpContext, table: PathTable): void {
  for (const path of [ctx.paths.metadata, '/metadata']) {
    table.add(path, ['GET'], (_req, res) => {
      res
        .status(200)
        .type('application/samlmetadata+xml')
        .set('Cache-Control', 'no-cache')
        .send(ctx.metadataXml());
    });
  }
}
