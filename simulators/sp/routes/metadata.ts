import type { Express } from 'express';
import type { SpContext } from '../context.ts';

/**
 * Seed (multiple IdPs, step 4): "Click Download metadata ... The Webex App metadata filename is
 * idb-meta-<org-ID>-SP.xml." The same document is served at /metadata and at the entityID URL.
 */
export function mountMetadata(app: Express, ctx: SpContext): void {
  const name = `/idb-meta-${ctx.opts.orgId}-SP.xml`;
  app.get(name, (_req, res) => {
    res
      .status(200)
      .type('application/samlmetadata+xml')
      .set('Content-Disposition', `attachment; filename="${ctx.urls.metadataFileName}"`)
      .send(ctx.metadata);
  });
  app.get(['/metadata', `/idb/${ctx.opts.orgId}`], (_req, res) => {
    res.status(200).type('application/samlmetadata+xml').send(ctx.metadata);
  });
}
