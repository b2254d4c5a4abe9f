import { checkIds } from '../../../lib/checks/catalog.ts';
import { declares } from '../../../lib/target/declares.ts';
import type { Accord } from '../../fixtures/index.ts';
import type { IdpLoginResult } from '../steps/idp-login.ts';
import { judgeNameIdAgainstProfile } from './nameid-profile-check.ts';

/** Checks the reference SP evaluates on each Response; the suite adds what only it knows (user, RelayState). */
export const SP_EVALUATED = checkIds(
  (c) =>
    c.role === 'idp' &&
    c.flow === 'sp-initiated' &&
    c.id !== 'IDP-RELAYSTATE' &&
    c.id !== 'IDP-NAMEID-PROFILE',
);

/**
 * Records the reference SP's verdicts on the flow's Response. A check that could not be judged
 * because an earlier one failed (no trusted assertion to read the uid from) is skipped with that
 * reason: the failure is reported once, where it belongs.
 */
export async function recordResponseChecks(
  accord: Accord,
  result: IdpLoginResult,
  opts: { unsolicited: boolean },
) {
  const c = accord.checks;
  const entry = result.response;
  if (!entry) {
    for (const id of SP_EVALUATED) {
      if (opts.unsolicited)
        await c.skip(id, 'not evaluated: no unsolicited Response reached the reference SP');
      else
        await c.fail(
          id,
          `the reference SP received no Response in this flow (ended on ${result.outcome.finalUrl})`,
        );
    }
    if (!opts.unsolicited) await c.fail('IDP-RELAYSTATE', 'no Response came back');
    await recordNameIdProfile(accord, result, undefined, []);
    return;
  }
  const byId = new Map((entry.checks ?? []).map((k) => [k.id, k]));
  if (!opts.unsolicited) {
    // The SP alone cannot tell a solicited Response that lost its InResponseTo from an unsolicited
    // one; the suite knows which AuthnRequest this flow sent.
    const sent = result.request?.info?.id as string | undefined;
    const got = entry.info?.inResponseTo as string | undefined;
    const k = byId.get('IDP-RESP-INRESPONSETO');
    if (k?.status !== 'fail' && got !== sent) {
      byId.set('IDP-RESP-INRESPONSETO', {
        id: 'IDP-RESP-INRESPONSETO',
        status: 'fail',
        detail: `the AuthnRequest was ${sent ?? '(not seen)'}, the Response answers InResponseTo="${got ?? '(absent)'}"`,
      });
    }
  }
  for (const id of SP_EVALUATED) {
    if (id === 'IDP-ATTR-UID') continue;
    const k = byId.get(id);
    if (!k)
      await c.fail(id, 'the reference SP could not evaluate this check (the Response was refused earlier)');
    else if (k.status === 'skip') await c.skip(id, k.detail);
    else await c.record(id, k.status === 'pass', k.detail);
  }
  const uidCheck = byId.get('IDP-ATTR-UID');
  const attrs = entry.info?.attributes as Record<string, string[]> | undefined;
  const expected = result.user.email;
  if (!declares(accord.profile, 'webexIdentityService'))
    await c.skip(
      'IDP-ATTR-UID',
      `a Webex rule: the profile declares no identityService: webex (the email is read from ${accord.profile.emailAttribute ?? 'uid'})`,
    );
  else if (uidCheck?.status === 'fail') await c.fail('IDP-ATTR-UID', uidCheck.detail);
  else if (!attrs) {
    const why = (entry.checks ?? []).filter((k) => k.status === 'fail').map((k) => k.id);
    await c.skip(
      'IDP-ATTR-UID',
      `not evaluated: no assertion the SP could trust (${why.join(', ') || 'refused'})`,
    );
  } else {
    const uid = attrs.uid?.[0];
    await c.record(
      'IDP-ATTR-UID',
      uid === expected,
      uid === expected ? `uid = ${uid}` : `uid is "${uid ?? '(absent)'}", the user's email is "${expected}"`,
    );
  }
  await recordNameIdProfile(
    accord,
    result,
    entry.info,
    (entry.checks ?? []).filter((k) => k.status === 'fail').map((k) => k.id),
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

/**
 * IDP-NAMEID-PROFILE, from the NameID the reference SP read out of an assertion it accepted. A
 * refused Response is not read here: the check that refused it reports the failure.
 */
async function recordNameIdProfile(
  accord: Accord,
  result: IdpLoginResult,
  info: Record<string, unknown> | undefined,
  failed: string[],
): Promise<void> {
  const id = 'IDP-NAMEID-PROFILE';
  const expected = accord.profile.nameId;
  if (!expected) return accord.checks.skip(id, 'the target profile declares no nameId');
  const value = info?.nameId;
  const format = info?.nameIdFormat;
  if (typeof value !== 'string' || typeof format !== 'string')
    return accord.checks.skip(
      id,
      `not evaluated: the reference SP accepted no assertion (${failed.join(', ') || 'no Response'})`,
    );
  const v = judgeNameIdAgainstProfile(expected, { value, format }, result.user);
  await accord.checks.record(id, v.ok, v.detail);
}
