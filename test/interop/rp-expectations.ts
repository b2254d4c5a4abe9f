import assert from 'node:assert/strict';
import { type CheckId, checkDef, checkIds } from '../../lib/checks/catalog.ts';
import type { Flow } from '../../lib/checks/flows.ts';
import { declares, type TargetProfile } from '../../lib/target/index.ts';
import type { InteropRun } from './interop-run.ts';

/**
 * What an interop run must show for an OIDC relying party, beyond "no MUST failure except its
 * known findings": every RP check that applies to what the peer's profile declares (the catalog's
 * `appliesIf`) must pass, in at least one scenario and never as a warning. A peer's known findings
 * are its declared exceptions.
 */
export function rpMustPass(profile: TargetProfile, flow?: Flow): CheckId[] {
  return checkIds((c) => c.role === 'rp' && declares(profile, c.appliesIf) && (!flow || c.flow === flow));
}

/**
 * An RP peer's profile declares everything its checks need (echo, logout, back-channel logout,
 * an exchange command), so the only skips allowed are of checks whose `appliesIf` it does not
 * declare: a module with no user directory of its own has no just-in-time provisioning to judge.
 */
export function assertRpSkips(run: InteropRun): void {
  const skipped = run.results.filter(
    (r) => r.status === 'skip' && declares(run.profile, checkDef(r.id as CheckId).appliesIf),
  );
  assert.deepEqual(
    skipped.map((r) => `${r.scenario} ${r.id}: ${r.detail}`),
    [],
    'checks were skipped unexpectedly',
  );
}
