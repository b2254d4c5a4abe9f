import type { ParsedAuthnRequest } from '../../lib/saml/authn-request/parse-authn-request.ts';
import type { TraceCheck } from '../../lib/trace/types.ts';
import type { AcsChoice } from './acs.ts';
import type { TrustedSp } from './peers.ts';

/** The endpoint answers with or without its trailing slash, so either spelling names it. */
function sameEndpoint(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * The SP-target checks an IdP can judge from the AuthnRequest alone (lib/checks/catalog-sp.ts),
 * recorded on its trace entry. A failed one makes the IdP refuse the request.
 */
export function authnRequestChecks(
  r: ParsedAuthnRequest,
  sp: TrustedSp | undefined,
  ssoUrl: string,
  acs: AcsChoice | undefined,
): TraceCheck[] {
  const checks: TraceCheck[] = [];
  checks.push(
    !r.issuer
      ? { id: 'SP-AUTHN-01', status: 'fail', detail: 'AuthnRequest has no Issuer' }
      : !sp
        ? { id: 'SP-AUTHN-01', status: 'fail', detail: `Issuer ${r.issuer} is not a trusted SP entityID` }
        : {
            id: 'SP-AUTHN-01',
            status: 'pass',
            detail: `ID, Version 2.0, IssueInstant and Issuer ${r.issuer} present`,
          },
  );

  if (r.destination === undefined) {
    checks.push(
      r.signature.present
        ? {
            id: 'SP-AUTHN-02',
            status: 'fail',
            detail: 'signed AuthnRequest has no Destination (bindings 3.4.5.2)',
          }
        : {
            id: 'SP-AUTHN-02',
            status: 'warn',
            detail: 'AuthnRequest has no Destination (allowed only unsigned)',
          },
    );
  } else if (!sameEndpoint(r.destination, ssoUrl)) {
    checks.push({
      id: 'SP-AUTHN-02',
      status: 'fail',
      detail: `Destination ${r.destination} is not the SSO endpoint ${ssoUrl}`,
    });
  } else {
    checks.push({ id: 'SP-AUTHN-02', status: 'pass', detail: `Destination is ${ssoUrl}` });
  }

  if (sp && acs) {
    checks.push(
      acs.ok
        ? { id: 'SP-AUTHN-03', status: 'pass', detail: `Response goes to ${acs.url}` }
        : { id: 'SP-AUTHN-03', status: 'fail', detail: acs.detail },
    );
  }

  const s = r.signature;
  if (s.present && !s.valid) {
    checks.push({ id: 'SP-AUTHN-04', status: 'fail', detail: `signature invalid: ${s.detail}` });
  } else if (s.present) {
    checks.push({ id: 'SP-AUTHN-04', status: 'pass', detail: `signature verified (${s.algorithm ?? '?'})` });
  } else if (sp?.sp.authnRequestsSigned) {
    checks.push({
      id: 'SP-AUTHN-04',
      status: 'fail',
      detail: 'SP metadata declares AuthnRequestsSigned="true" but the AuthnRequest is unsigned',
    });
  } else {
    checks.push({
      id: 'SP-AUTHN-04',
      status: 'skip',
      detail: 'unsigned, and neither the SP metadata nor this IdP asks for signed requests',
    });
  }
  return checks;
}
