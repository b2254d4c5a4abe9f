import type { SpContext } from '../context.ts';
import { admitMetadata, type MetadataTrustVerdict } from './metadata-trust.ts';

/**
 * Judges IdP metadata uploaded to POST /__accord/peers in the mode the upload asks for
 * (`?security=less|more`) or the SP's default (PUT /__accord/metadata-trust). Throws
 * MetadataTrustSettingsError for a bad mode, MetadataTrustError for refused metadata.
 */
export function admitUpload(ctx: SpContext, xml: string, asked: unknown): MetadataTrustVerdict {
  return admitMetadata(
    xml,
    ctx.metadataTrust.modeFor(asked),
    ctx.metadataTrust.anchors,
    ctx.opts.clock(),
    ctx.has('metadata-unsigned-accepted'),
  );
}
