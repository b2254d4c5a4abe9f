import { test } from '../fixtures/index.ts';
import { idpInitiatedAtTarget } from './steps/idp-login.ts';

test('IdP-initiated login (unsolicited Response)', { tag: '@idp-initiated' }, async ({ page, accord }) => {
  if (!accord.profile.capabilities.idpInitiated || !accord.profile.idpInitiated) {
    await accord.checks.skip('IDP-IDPI-01', 'the target declares no IdP-initiated SSO');
    test.skip(true, 'the target declares no IdP-initiated SSO');
    return;
  }
  const result = await idpInitiatedAtTarget(page, accord);
  const entry = result.response;
  const accepted = entry?.info?.accepted === true;
  const solicited = entry?.info?.inResponseTo;
  await accord.checks.record(
    'IDP-IDPI-01',
    accepted && !solicited,
    !entry
      ? `no Response reached the reference SP (ended on ${result.outcome.finalUrl})`
      : !accepted
        ? `the reference SP refused it: ${(entry.checks ?? [])
            .filter((c) => c.status === 'fail')
            .map((c) => `${c.id}: ${c.detail}`)
            .join('; ')}`
        : solicited
          ? `an unsolicited Response carries InResponseTo="${solicited}"`
          : 'unsolicited Response accepted',
  );
});
