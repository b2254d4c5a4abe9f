import type { IdpInfo } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { checkAcs } from '../../../lib/saml/authn-request/check-acs.ts';
import { checkDestination } from '../../../lib/saml/authn-request/check-destination.ts';
import {
  checkRequestSignature,
  requestSigningPromisedBy,
} from '../../../lib/saml/authn-request/check-request-signature.ts';
import { checkRequiredFields } from '../../../lib/saml/authn-request/check-required-fields.ts';
import {
  type AuthnRequestSignature,
  readAuthnRequest,
} from '../../../lib/saml/authn-request/parse-authn-request.ts';
import type { RuleVerdict } from '../../../lib/saml/authn-request/rule-verdict.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';

const AUTHN_CHECKS: CheckId[] = ['SP-AUTHN-01', 'SP-AUTHN-02', 'SP-AUTHN-03', 'SP-AUTHN-04', 'SP-AUTHN-05'];

/** The IdP simulator's verdict on the signature, as its trace carries it (JSON, so read with care). */
function tracedSignature(entry: TraceEntry): AuthnRequestSignature {
  const s = (entry.info?.signature ?? {}) as Partial<AuthnRequestSignature>;
  return {
    present: !!s.present,
    valid: !!s.valid,
    algorithm: s.algorithm,
    detail: s.detail ?? (s.present ? String(s.valid) : 'the AuthnRequest is not signed'),
  };
}

function record(accord: Accord, id: CheckId, v: RuleVerdict): Promise<void> {
  return v.status === 'skip'
    ? accord.checks.skip(id, v.detail)
    : accord.checks.record(id, v.status === 'pass', v.detail);
}

/** Judges the AuthnRequest the IdP simulator received, as decoded in its trace. */
export async function checkAuthnRequest(
  accord: Accord,
  entry: TraceEntry | undefined,
  binding: 'redirect' | 'post',
  idp: IdpInfo,
): Promise<void> {
  if (!entry?.decoded) {
    for (const id of AUTHN_CHECKS)
      await accord.checks.fail(id, 'the IdP simulator received no AuthnRequest in this flow');
    return;
  }
  const r = readAuthnRequest(entry.decoded, tracedSignature(entry));
  const sp = accord.metadata.sp;
  await record(accord, 'SP-AUTHN-01', checkRequiredFields(r, accord.runtime.targetEntityId));
  await record(accord, 'SP-AUTHN-02', checkDestination(r, idp.ssoUrl));
  await record(
    accord,
    'SP-AUTHN-03',
    checkAcs(r, { entityId: accord.runtime.targetEntityId, acs: sp?.acs ?? [] }),
  );
  const promisedBy = requestSigningPromisedBy(
    sp?.authnRequestsSigned,
    accord.profile.capabilities.signedRequests,
  );
  await record(accord, 'SP-AUTHN-04', checkRequestSignature(r, promisedBy));

  const expected = binding === 'redirect' ? 'HTTP-Redirect' : 'HTTP-POST';
  await accord.checks.record(
    'SP-AUTHN-05',
    entry.binding === expected,
    entry.binding === expected
      ? `arrived over ${expected}`
      : `arrived over ${entry.binding}, the profile declares ${expected}`,
  );
}
