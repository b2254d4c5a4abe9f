import assert from 'node:assert/strict';
import { CHECKS } from '../../lib/checks/catalog.ts';
import type { InteropRun } from './interop-run.ts';

/**
 * What an interop run must show for an SP peer, beyond "no MUST failure except its known
 * findings": the checks that must pass (in at least one scenario, and never warn), and the only
 * skips allowed, each for the reason that makes it not apply. A check in the catalog is required
 * unless it is listed here as not applying; a peer's known findings are its declared exceptions.
 */
const NOT_APPLICABLE_TO_PEERS = new Set([
  'SP-SEC-UNSOLICITED-DISABLED',
  'SP-JIT-01',
  'SP-JIT-02',
  'SP-JIT-03',
]);

const SP_CHECK_DEFS = [...CHECKS.values()].filter(
  (c) => c.role === 'sp' && !NOT_APPLICABLE_TO_PEERS.has(c.id),
);

export const SP_MUST_PASS = SP_CHECK_DEFS.map((c) => c.id);

/** What a run of the login flow alone must pass, over the binding its profile declares. */
export const SP_LOGIN_MUST_PASS = SP_CHECK_DEFS.filter((c) => c.flow === 'sp-initiated').map((c) => c.id);

const SP_EXPECTED_SKIPS: Array<{ check: RegExp; reason: RegExp }> = [
  // Both accept IdP-initiated SSO, as their profiles declare.
  { check: /^SP-SEC-UNSOLICITED-DISABLED$/, reason: /declares IdP-initiated SSO/ },
  // Neither keeps a user directory: they hand the application the assertion and store no one.
  { check: /^SP-JIT-0[1-3]$/, reason: /declares no just-in-time provisioning/ },
];

export function assertSpSkips(run: InteropRun): void {
  // Each SP sends AuthnRequests by one binding, the one its profile declares (the IdP metadata it
  // is given decides which): the login checks of the other binding, and only those, are skipped.
  const declared = run.profile.capabilities.bindings;
  const otherBinding = (['redirect', 'post'] as const)
    .filter((b) => !declared.includes(b))
    .map((b) => ({ check: /^SP-(AUTHN-0\d|SSO-0\d)$/, reason: new RegExp(`no HTTP-${b} binding`) }));
  for (const r of run.results.filter((x) => x.status === 'skip')) {
    const expected = [...otherBinding, ...SP_EXPECTED_SKIPS].some(
      (s) => s.check.test(r.id) && s.reason.test(r.detail),
    );
    assert.ok(expected, `${r.scenario} ${r.id} was skipped unexpectedly: ${r.detail}`);
  }
}
