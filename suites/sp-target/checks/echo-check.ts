import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import { readEcho } from '../steps/read-echo.ts';
import { assertedIdentity, echoDifferences } from './echo-matches-assertion.ts';

/** SP-SSO-03: after a successful login, the application saw exactly what the IdP asserted. */
export async function checkEcho(page: Page, accord: Accord, signedIn: boolean): Promise<void> {
  const echo = accord.profile.login?.echo;
  if (!echo) {
    await accord.checks.skip(
      'SP-SSO-03',
      'the profile declares no login.echo page to read what the SP received',
    );
    return;
  }
  if (!signedIn) {
    await accord.checks.fail('SP-SSO-03', 'cannot compare: the login did not succeed');
    return;
  }
  const sent = (await accord.counterpart.trace({ flowId: accord.flowId }))
    .filter((e) => e.kind === 'Response' && e.direction === 'out')
    .pop();
  if (!sent?.decoded) throw new Error(`the IdP simulator recorded no Response in flow ${accord.flowId}`);
  const asserted = assertedIdentity(sent.decoded);
  const seen = await readEcho(page, accord, echo);
  const diffs = echoDifferences(asserted, seen, echo.attributeNames ?? 'as-sent');
  await accord.checks.record(
    'SP-SSO-03',
    diffs.length === 0,
    diffs.length === 0
      ? `the application got NameID ${asserted.nameId} and all ${asserted.attributes.length} attributes with every value`
      : diffs.join('; '),
  );
}
