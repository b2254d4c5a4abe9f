import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { judgeLogoutResponse } from '../../saml/judge-logout-response.ts';

/**
 * SP-SLO-05: the LogoutResponse the IdP simulator received for the LogoutRequest it issued
 * (`requestId`), decoded in its trace, with the signature it checked against the SP metadata.
 */
export function judgeSpLogoutResponse(
  accord: Accord,
  entry: TraceEntry | undefined,
  requestId: string,
  idpSloUrl: string,
  missing: string,
): { ok: boolean; detail: string } {
  if (!entry?.decoded) return { ok: false, detail: missing };
  return judgeLogoutResponse(entry as TraceEntry & { decoded: string }, {
    requestId,
    issuer: accord.runtime.targetEntityId,
    issuerRole: 'SP',
    sloUrl: idpSloUrl,
    sloOwner: 'IdP',
  });
}
