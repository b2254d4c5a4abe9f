import type { JudgedAuthnRequest } from './parse-authn-request.ts';
import type { RuleVerdict } from './rule-verdict.ts';

/** The promise every judge reads first: SAML metadata 2.4.4. */
export const METADATA_PROMISES_SIGNING = 'the SP metadata declares AuthnRequestsSigned="true"';

/**
 * Who promised that the SP signs its AuthnRequests: its metadata (AuthnRequestsSigned, SAML
 * metadata 2.4.4), else its target profile (capabilities.signedRequests); undefined when nobody did.
 */
export function requestSigningPromisedBy(
  metadataSays: boolean | undefined,
  profileSays: boolean | undefined,
): string | undefined {
  if (metadataSays) return METADATA_PROMISES_SIGNING;
  if (profileSays) return 'the target profile declares signedRequests';
  return undefined;
}

/**
 * SP-AUTHN-04. SAML metadata 2.4.4: an SP whose metadata says AuthnRequestsSigned="true" signs
 * every AuthnRequest; bindings 3.4.4.1 and 3.5.4: a signature that is there must verify, promised
 * or not, since the IdP has to refuse the request either way. `promisedBy` says who promised signed
 * requests (the SP metadata, the target profile), undefined when nobody did.
 */
export function checkRequestSignature(r: JudgedAuthnRequest, promisedBy: string | undefined): RuleVerdict {
  const s = r.signature;
  if (s.present && !s.valid) return { status: 'fail', detail: `signature invalid: ${s.detail}` };
  if (s.present) return { status: 'pass', detail: `${s.detail} (${s.algorithm ?? 'algorithm unknown'})` };
  return promisedBy
    ? { status: 'fail', detail: `${promisedBy}, but the AuthnRequest is unsigned` }
    : {
        status: 'skip',
        detail: 'unsigned, and neither the SP metadata nor the target asks for signed requests',
      };
}
