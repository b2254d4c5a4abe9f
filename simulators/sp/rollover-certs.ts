import type { SpContext } from './context.ts';
import type { TrustedIdp } from './peers.ts';

/**
 * The IdP signing certificates the ACS verifies a Response with: every one the IdP's metadata
 * lists (SAML metadata 2.4.1.1), unless a seeded rollover defect reads them the way broken SPs do.
 */
export function honouredSigningCerts(ctx: SpContext, idp: TrustedIdp | undefined): string[] {
  const certs = idp?.signingCerts ?? [];
  if (ctx.has('first-idp-cert-only')) return certs.slice(0, 1);
  if (ctx.has('last-idp-cert-only')) return certs.slice(-1);
  if (ctx.has('keeps-retired-idp-cert')) return [...certs, ...(idp?.replacedSigningCerts ?? [])];
  return certs;
}
