import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import type { PreflightVerdict } from '../../preflight/verdict.ts';
import { authorizationRequest, authorize } from './authorize.ts';
import { opTarget } from './op-target.ts';

/**
 * Whether an OP target can be tested: its discovery document is read, and a genuine authorization
 * request of Accord's client, the test user signing in, brings the browser back to the redirect URI
 * with a code. What the code then gives is for the checks.
 */
export async function opPreflight(page: Page, accord: Accord): Promise<PreflightVerdict> {
  let op: Awaited<ReturnType<typeof opTarget>>;
  try {
    op = await opTarget(accord);
  } catch (e) {
    // Its discovery document cannot be read, or (op.dynamicRegistration) Accord's clients not registered.
    return { ok: false, reason: `the OP cannot be used: ${(e as Error).message}` };
  }
  const outcome = await authorize(page, accord, op, authorizationRequest(op));
  const r = outcome.response;
  if (r?.get('code'))
    return { ok: true, reason: 'a genuine authorization request brought a code to the redirect URI' };
  if (r?.get('error'))
    return {
      ok: false,
      reason: `the OP answered error=${r.get('error')} (${r.get('error_description') ?? ''}) to client ${op.client.id}: check that the client is registered with redirect URI ${op.redirectUri}`,
    };
  return {
    ok: false,
    reason: `the OP never sent the browser to the redirect URI ${op.redirectUri} (stopped at ${outcome.stoppedAt}${outcome.stoppedText ? `: "${outcome.stoppedText.slice(0, 160)}"` : ''}, login form ${outcome.prompted ? 'shown and filled' : 'never shown'}): check the client registration and the profile's loginForm and users`,
  };
}
