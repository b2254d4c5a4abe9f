import { IDP_CHECKS } from '../../../lib/checks/catalog-idp.ts';
import type { Accord } from '../../fixtures/index.ts';
import type { IdpLoginResult } from '../steps/idp-login.ts';

/** Checks the reference SP evaluates on each Response; the suite adds what only it knows (user, RelayState). */
export const SP_EVALUATED = IDP_CHECKS.filter(
  (c) => c.flow === 'sp-initiated' && c.id !== 'IDP-RELAYSTATE',
).map((c) => c.id);

export async function recordResponseChecks(
  accord: Accord,
  result: IdpLoginResult,
  opts: { unsolicited: boolean },
) {
  const c = accord.checks;
  const entry = result.response;
  if (!entry) {
    for (const id of SP_EVALUATED) await c.fail(id, 'the reference SP received no Response in this flow');
    return;
  }
  const byId = new Map((entry.checks ?? []).map((k) => [k.id, k]));
  for (const id of SP_EVALUATED) {
    if (id === 'IDP-ATTR-UID') continue;
    const k = byId.get(id);
    if (!k)
      await c.fail(id, 'the reference SP could not evaluate this check (the Response was refused earlier)');
    else if (k.status === 'skip') await c.skip(id, k.detail);
    else await c.record(id, k.status === 'pass', k.detail);
  }
  const uidCheck = byId.get('IDP-ATTR-UID');
  const attrs = (entry.info?.attributes ?? {}) as Record<string, string[]>;
  const uid = attrs.uid?.[0];
  const expected = result.user.email;
  if (uidCheck && uidCheck.status !== 'pass') await c.fail('IDP-ATTR-UID', uidCheck.detail);
  else
    await c.record(
      'IDP-ATTR-UID',
      uid === expected,
      uid === expected ? `uid = ${uid}` : `uid is "${uid ?? '(absent)'}", the user's email is "${expected}"`,
    );
  if (!opts.unsolicited) {
    await c.record(
      'IDP-RELAYSTATE',
      entry.relayState === result.relayState,
      entry.relayState === result.relayState
        ? `RelayState ${result.relayState} came back`
        : `sent RelayState "${result.relayState}", got "${entry.relayState ?? '(none)'}"`,
    );
  }
}
