import type { JudgedAuthnRequest } from './parse-authn-request.ts';
import type { RuleVerdict } from './rule-verdict.ts';

/**
 * SP-AUTHN-02. SAML bindings 3.4.5.2 and 3.5.5.2: a signed request MUST carry in Destination the
 * URL it was sent to, and a Destination, when present, must be that URL exactly (`endpoint`, the
 * SSO endpoint the judge published). An unsigned request may leave it out (core 3.2.1).
 */
export function checkDestination(r: JudgedAuthnRequest, endpoint: string): RuleVerdict {
  if (r.destination === undefined) {
    return r.signature.present
      ? {
          status: 'fail',
          detail: 'a signed AuthnRequest has no Destination (SAML bindings 3.4.5.2, 3.5.5.2)',
        }
      : { status: 'pass', detail: 'no Destination, which an unsigned AuthnRequest may leave out' };
  }
  return r.destination === endpoint
    ? { status: 'pass', detail: `Destination ${r.destination}` }
    : {
        status: 'fail',
        detail: `Destination "${r.destination}" is not the SSO endpoint ${endpoint} it was sent to`,
      };
}
