import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import type { PreflightVerdict } from '../../preflight/verdict.ts';
import { codeFlowLogin } from './code-flow-login.ts';

/** What the OP simulator says of a client_id it has no registration for. */
const UNKNOWN_CLIENT = 'invalid_client';

/**
 * Whether the exchange with an RP target works: a genuine login must bring the RP's authorization
 * request to the OP simulator, for a client the OP knows. What the OP answers to the request (an
 * unregistered redirect_uri, a wrong response_type) and what the RP then does with the answer are
 * for the checks.
 */
export async function rpPreflight(page: Page, accord: Accord): Promise<PreflightVerdict> {
  const op = new URL(accord.runtime.counterpart.url).origin;
  let reachedOp = false;
  // Every hop counts, a redirect the OP answers at once with an error included: the main frame never
  // shows a page of the OP then, yet the RP's request reached it.
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.url().startsWith(op)) reachedOp = true;
  });
  const flow = await codeFlowLogin(page, accord, accord.flowId);
  if (flow.arrival)
    return { ok: true, reason: 'a genuine login brought an authorization response to the RP' };
  if (!reachedOp)
    return {
      ok: false,
      reason: `the RP never sent the browser to the OP simulator after the exchange (${flow.broke}): check that it was given the OP`,
    };
  const trace = await accord.counterpart.trace({ flowId: accord.flowId });
  const unknown = trace.find((e) => e.kind === 'Error' && e.info?.error === UNKNOWN_CLIENT);
  if (unknown)
    return {
      ok: false,
      reason: `the OP simulator does not know the RP's client (${String(unknown.info?.errorDescription ?? UNKNOWN_CLIENT)}): check the client registration (oidc.client.id) and what the RP was given`,
    };
  return { ok: true, reason: `the OP simulator received the authorization request (${flow.broke})` };
}
