import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { judgeLogoutResponse } from '../../saml/judge-logout-response.ts';

/** IDP-SLO-01: the IdP's answer to the reference SP's LogoutRequest, as the SP received it. */
export async function checkLogoutResponse(
  accord: Accord,
  sent: TraceEntry | undefined,
  answer: TraceEntry | undefined,
  sloUrl: string,
  missing: string,
): Promise<void> {
  const requestId = sent?.info?.id as string | undefined;
  if (!requestId) {
    await accord.checks.inconclusive('IDP-SLO-01', 'the reference SP sent no LogoutRequest in this flow');
    return;
  }
  if (!answer?.decoded) {
    await accord.checks.fail('IDP-SLO-01', missing);
    return;
  }
  const v = judgeLogoutResponse(answer as TraceEntry & { decoded: string }, {
    requestId,
    issuer: accord.runtime.targetEntityId,
    issuerRole: 'IdP',
    sloUrl,
    sloOwner: 'SP',
  });
  await accord.checks.record('IDP-SLO-01', v.ok, v.detail);
}
