import type { AcsVerdict } from '../../lib/saml/authn-request/check-acs.ts';
import { checkDestination } from '../../lib/saml/authn-request/check-destination.ts';
import {
  checkRequestSignature,
  METADATA_PROMISES_SIGNING,
} from '../../lib/saml/authn-request/check-request-signature.ts';
import { checkRequiredFields } from '../../lib/saml/authn-request/check-required-fields.ts';
import type { ParsedAuthnRequest } from '../../lib/saml/authn-request/parse-authn-request.ts';
import type { TraceCheck } from '../../lib/trace/types.ts';
import type { TrustedSp } from './peers.ts';

/**
 * The SP-target checks an IdP can judge from the AuthnRequest alone (lib/checks/catalog-sp.ts),
 * recorded on its trace entry; `acs` is the SP-AUTHN-03 verdict, which also says where to answer.
 * Without metadata for the Issuer there is no ACS to judge.
 */
export function authnRequestChecks(
  r: ParsedAuthnRequest,
  sp: TrustedSp | undefined,
  ssoUrl: string,
  acs: AcsVerdict | undefined,
): TraceCheck[] {
  const promisedBy = sp?.sp.authnRequestsSigned ? METADATA_PROMISES_SIGNING : undefined;
  return [
    { id: 'SP-AUTHN-01', ...checkRequiredFields(r, sp?.entityId) },
    { id: 'SP-AUTHN-02', ...checkDestination(r, ssoUrl) },
    ...(acs ? [{ id: 'SP-AUTHN-03', status: acs.status, detail: acs.detail }] : []),
    { id: 'SP-AUTHN-04', ...checkRequestSignature(r, promisedBy) },
  ];
}
