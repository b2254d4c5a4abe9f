import { pickEndpoint } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING } from '../../lib/saml/namespaces.ts';
import type { TrustedSp } from './peers.ts';

export type AcsChoice = { ok: true; url: string } | { ok: false; detail: string };

/**
 * Where the Response goes (SAML profiles 4.1.4.1): the requested URL or index only when the SP
 * metadata publishes it, else the SP's default HTTP-POST ACS. This IdP answers over HTTP-POST only.
 */
export function chooseAcs(
  sp: TrustedSp,
  request: { acsUrl?: string; acsIndex?: number; protocolBinding?: string } = {},
): AcsChoice {
  if (request.protocolBinding && request.protocolBinding !== BINDING.post) {
    return {
      ok: false,
      detail: `ProtocolBinding ${request.protocolBinding} is not supported; this IdP sends Responses over HTTP-POST`,
    };
  }
  const post = sp.sp.acs.filter((e) => e.binding === BINDING.post);
  if (request.acsUrl !== undefined) {
    if (post.some((e) => e.location === request.acsUrl)) return { ok: true, url: request.acsUrl };
    const other = sp.sp.acs.find((e) => e.location === request.acsUrl);
    return {
      ok: false,
      detail: other
        ? `AssertionConsumerServiceURL ${request.acsUrl} is published with binding ${other.binding}, not HTTP-POST`
        : `AssertionConsumerServiceURL ${request.acsUrl} is not an AssertionConsumerService in the metadata of ${sp.entityId} (published: ${sp.sp.acs.map((e) => e.location).join(', ')})`,
    };
  }
  if (request.acsIndex !== undefined) {
    const byIndex = post.find((e) => e.index === request.acsIndex);
    return byIndex
      ? { ok: true, url: byIndex.location }
      : {
          ok: false,
          detail: `AssertionConsumerServiceIndex ${request.acsIndex} names no HTTP-POST AssertionConsumerService of ${sp.entityId}`,
        };
  }
  const def = pickEndpoint(sp.sp.acs, 'post');
  return def
    ? { ok: true, url: def.location }
    : { ok: false, detail: `the metadata of ${sp.entityId} has no HTTP-POST AssertionConsumerService` };
}
