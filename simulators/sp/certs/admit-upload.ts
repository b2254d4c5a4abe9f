import { SamlInputError } from '../../../lib/saml/errors.ts';
import { PeerLimitError } from '../../../lib/state/peer-store.ts';
import type { SpContext } from '../context.ts';
import { admitMetadata, MetadataTrustError, type MetadataTrustVerdict } from './metadata-trust.ts';
import { MetadataTrustSettingsError } from './metadata-trust-settings.ts';

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

/**
 * "Upload IdP metadata", from the admin API or the certificates page: judged, then trusted. Throws
 * what admitUpload and IdpPeers.add throw; uploadRefusal words each.
 */
export function uploadIdpMetadata(
  ctx: SpContext,
  xml: string,
  asked: unknown,
): { entityId: string; trust: MetadataTrustVerdict } {
  const trust = admitUpload(ctx, xml, asked);
  return { entityId: ctx.peers.add(xml).entityId, trust };
}

/** Why an upload was refused, as a status and a stable code; undefined for an error that is not a refusal. */
export function uploadRefusal(e: unknown): { status: number; code: string; message: string } | undefined {
  if (e instanceof MetadataTrustError) return { status: 400, code: e.code, message: e.message };
  if (e instanceof MetadataTrustSettingsError) return { status: 400, code: 'security', message: e.message };
  if (e instanceof SamlInputError) return { status: 400, code: e.code, message: e.message };
  if (e instanceof PeerLimitError) return { status: 409, code: 'too-many-peers', message: e.message };
  return undefined;
}
