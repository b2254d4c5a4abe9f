import type { ParsedAuthnRequest } from '../../lib/saml/authn-request/parse-authn-request.ts';
import type { IdpContext } from './context.ts';

/**
 * The SP signing certificates an AuthnRequest is verified with: every one its metadata lists
 * (SAML metadata 2.4.1.1), so a renewing SP may sign with its new key while both are published.
 */
export function spSigningCerts(ctx: IdpContext, issuer: string | undefined): string[] {
  const certs = issuer === undefined ? [] : (ctx.peers.get(issuer)?.sp.certs.signing ?? []);
  return ctx.defects.includes('first-sp-cert-only') ? certs.slice(0, 1) : certs;
}

/**
 * Why a signed AuthnRequest from a trusted SP is refused by an IdP simulator playing the target:
 * its signature verifies with none of the SP's certificates (SAML bindings 3.4.4.1, 3.5.4), e.g.
 * a key the IdP was never given. As the counterpart of an SP target it refuses nothing here:
 * SP-AUTHN-04 records the fault and the login goes on, so one flaw shows as one failed check.
 */
export function requestSignatureRefusal(ctx: IdpContext, r: ParsedAuthnRequest): string | undefined {
  if (ctx.requestSignatures !== 'refuse' || !r.signature.present || r.signature.valid) return undefined;
  if (ctx.defects.includes('accepts-bad-request-signature')) return undefined;
  return `the AuthnRequest signature does not verify with any signing certificate of SP ${r.issuer}'s metadata: ${r.signature.detail}`;
}
