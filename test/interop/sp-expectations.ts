import assert from 'node:assert/strict';
import type { InteropRun } from './interop-run.ts';

/**
 * What an interop run must show for an SP peer, beyond "no MUST failure except its known
 * findings": the checks that must pass (in at least one scenario, and never warn), and the only
 * skips allowed, each for the reason that makes it not apply.
 */
export const SP_MUST_PASS = [
  'SP-MD-01',
  'SP-MD-02',
  'SP-AUTHN-01',
  'SP-AUTHN-02',
  'SP-AUTHN-03',
  'SP-AUTHN-04',
  'SP-AUTHN-05',
  'SP-SSO-01',
  'SP-SSO-02',
  'SP-SSO-03',
  'SP-ENC-01',
  'SP-IDPI-01',
  'SP-SLO-01',
  'SP-SLO-02',
  'SP-SLO-03',
  'SP-SLO-04',
  'SP-SLO-05',
  'SP-SEC-UNSIGNED',
  'SP-SEC-UNTRUSTED-KEY',
  'SP-SEC-AUDIENCE',
  'SP-SEC-EXPIRED',
  'SP-SEC-NOTBEFORE',
  'SP-SEC-SCD-EXPIRED',
  'SP-SEC-REPLAY',
  'SP-SEC-DESTINATION',
  'SP-SEC-RECIPIENT',
  'SP-SEC-ISSUER',
  'SP-SEC-OPEN-REDIRECT',
  'SP-SEC-KEYINFO-CERT',
  'SP-SEC-SAME-SUBJECT-CERT',
  'SP-SEC-SIG-EMPTY',
  'SP-SEC-SIG-STRIPPED',
  'SP-SEC-TWO-REFERENCES',
  'SP-SEC-DIGEST-COMMENT',
  'SP-SEC-NAMEID-COMMENT',
  'SP-SEC-XSW1',
  'SP-SEC-XSW2',
  'SP-SEC-XSW3',
  'SP-SEC-XSW4',
  'SP-SEC-XSW5',
  'SP-SEC-XSW6',
  'SP-SEC-XSW7',
  'SP-SEC-XSW8',
  'SP-SEC-XSW-APPENDED',
  'SP-SEC-XXE',
  'SP-SEC-ENTITY-EXPANSION',
  'SP-SEC-TWO-ROOTS',
  'SP-SEC-COMPRESSION-BOMB',
  'SP-SEC-OVERSIZED',
  'SP-SEC-SLO-UNSIGNED',
  'SP-SEC-SLO-OTHER-USER',
];

/** What a run of the login flow alone must pass, over the binding its profile declares. */
export const SP_LOGIN_MUST_PASS = [
  'SP-AUTHN-01',
  'SP-AUTHN-02',
  'SP-AUTHN-03',
  'SP-AUTHN-04',
  'SP-AUTHN-05',
  'SP-SSO-01',
  'SP-SSO-02',
  'SP-SSO-03',
  'SP-ENC-01',
];

const SP_EXPECTED_SKIPS: Array<{ check: RegExp; reason: RegExp }> = [
  // Both accept IdP-initiated SSO, as their profiles declare.
  { check: /^SP-SEC-UNSOLICITED-DISABLED$/, reason: /declares IdP-initiated SSO/ },
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
