import assert from 'node:assert/strict';
import { type CheckId, checkIds } from '../../lib/checks/catalog.ts';
import type { Flow } from '../../lib/checks/flows.ts';
import { declares, type TargetProfile } from '../../lib/target/index.ts';
import type { InteropRun } from './interop-run.ts';

/**
 * What an interop run must show for an SP peer, beyond "no MUST failure except its known
 * findings": every SP check that applies to what the peer's profile declares (the catalog's
 * `appliesIf`) must pass, in at least one scenario and never as a warning; the only skips allowed
 * are listed below, each for the reason that makes it not apply. A peer's known findings are its
 * declared exceptions.
 */
export function spMustPass(profile: TargetProfile, flow?: Flow): CheckId[] {
  return checkIds((c) => c.role === 'sp' && declares(profile, c.appliesIf) && (!flow || c.flow === flow));
}

const SP_EXPECTED_SKIPS: Array<{ check: RegExp; reason: RegExp }> = [
  // Both accept IdP-initiated SSO, as their profiles declare.
  { check: /^SP-SEC-UNSOLICITED-DISABLED$/, reason: /declares IdP-initiated SSO/ },
  // Neither keeps a user directory: they hand the application the assertion and store no one.
  { check: /^SP-JIT-0[1-3]$/, reason: /declares no just-in-time provisioning/ },
  // A peer whose profile declares no way to take new IdP metadata within a run (Shibboleth SP).
  { check: /^SP-ROLL-0[1-3]$/, reason: /declares no metadataRefresh/ },
  // A peer SP whose profile does not say how Accord makes it roll its own key over
  // (SimpleSAMLphp's does: interop/rollover.ts).
  { check: /^SP-ROLL-0[4-6]$/, reason: /declares no keyRollover/ },
  // A peer whose profile does not say how Accord installs a metadata trust anchor and uploads
  // IdP metadata that must be signed.
  { check: /^SP-META-TRUST$/, reason: /does not declare metadataTrust/ },
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
