import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckResult } from '../../lib/checks/types.ts';
import type { TargetProfile } from '../../lib/target/types.ts';
import type { InteropRun } from '../interop/interop-run.ts';
import { assertSpSkips } from '../interop/sp-expectations.ts';

function run(
  bindings: TargetProfile['capabilities']['bindings'],
  skips: Array<[string, string]>,
): InteropRun {
  const results = skips.map(
    ([id, detail]) => ({ id, detail, status: 'skip', scenario: 'adfs' }) as unknown as CheckResult,
  );
  return {
    profile: { capabilities: { spInitiated: true, idpInitiated: true, slo: true, bindings } },
    results,
  } as unknown as InteropRun;
}

const noRedirect = 'the target declares no HTTP-redirect binding for AuthnRequests';
const noPost = 'the target declares no HTTP-post binding for AuthnRequests';

test('an SP peer may skip the login checks of the binding its profile does not declare', () => {
  assertSpSkips(run(['redirect'], [['SP-AUTHN-05', noPost]]));
  assertSpSkips(run(['post'], [['SP-SSO-01', noRedirect]]));
});

test('and only those: a skip of the declared binding, or of another check, fails the run', () => {
  assert.throws(() => assertSpSkips(run(['post'], [['SP-AUTHN-05', noPost]])), /skipped unexpectedly/);
  assert.throws(
    () => assertSpSkips(run(['redirect'], [['SP-AUTHN-05', noRedirect]])),
    /skipped unexpectedly/,
  );
  assert.throws(
    () => assertSpSkips(run(['redirect', 'post'], [['SP-AUTHN-01', noPost]])),
    /skipped unexpectedly/,
  );
  assert.throws(() => assertSpSkips(run(['post'], [['SP-SEC-REPLAY', noRedirect]])), /skipped unexpectedly/);
});
