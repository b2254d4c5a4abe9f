import { type Endpoint, pickEndpoint } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING } from '../../lib/saml/namespaces.ts';
import type { TrustedSp } from './peers.ts';

export type AcsChoice = { ok: true; url: string } | { ok: false; detail: string };

/**
 * Where this IdP sends the Response. It answers over HTTP-POST only, so the ACS a request named
 * (and SP-AUTHN-03 found published) is used when it takes HTTP-POST; otherwise, and for an
 * unsolicited Response, the SP's default HTTP-POST ACS.
 */
export function chooseAcs(sp: TrustedSp, requested?: Endpoint): AcsChoice {
  if (requested?.binding === BINDING.post) return { ok: true, url: requested.location };
  const def = pickEndpoint(sp.sp.acs, 'post');
  return def
    ? { ok: true, url: def.location }
    : { ok: false, detail: `the metadata of ${sp.entityId} has no HTTP-POST AssertionConsumerService` };
}
