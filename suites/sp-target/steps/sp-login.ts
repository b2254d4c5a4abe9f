import { randomBytes } from 'node:crypto';
import { type Page, test } from '@playwright/test';
import type { IdpInfo, TestUser } from '../../../lib/admin/protocol.ts';
import { pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import { counterpartUser } from '../../fixtures/counterpart-user.ts';
import type { Accord } from '../../fixtures/index.ts';
import { openLoginStart } from '../../fixtures/open-login-start.ts';
import { signInAtCounterpart } from '../../fixtures/sign-in-at-counterpart.ts';
import type { AcsOutcome } from '../../fixtures/success-detector.ts';
import { judgeSignedIn, type Verdict } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { judgeSignedInPage, unsolicitedRelayState } from '../idp-initiated/unsolicited-landing.ts';
import { withIdpSession } from './idp-session.ts';

export interface LoginResult {
  outcome: AcsOutcome;
  verdict: Verdict;
  relayToken: string;
  user: TestUser;
}

const infos = new Map<string, Promise<IdpInfo>>();

export function counterpartInfo(accord: Accord): Promise<IdpInfo> {
  const url = accord.counterpart.baseUrl;
  if (!infos.has(url)) infos.set(url, accord.counterpart.info<IdpInfo>());
  return infos.get(url)!;
}

export function acsUrlOf(accord: Accord): string {
  const acs = pickEndpoint(accord.metadata.sp?.acs ?? [], 'post');
  if (!acs) throw new Error(`${accord.profile.name}: its metadata has no HTTP-POST AssertionConsumerService`);
  return acs.location;
}

/**
 * A login that `open` starts and the IdP simulator answers, to the target's ACS: from a session made
 * over HTTP, or with its form when the browser's session there was ended by a logout.
 */
async function throughIdp(
  page: Page,
  accord: Accord,
  user: TestUser,
  open: () => Promise<unknown>,
): Promise<AcsOutcome> {
  await withIdpSession(page.context(), accord, user);
  let answered = false;
  return awaitAcs(
    page,
    acsUrlOf(accord),
    async () => {
      await open();
      await signInAtCounterpart(page, accord.runtime.counterpart.url, user, () => answered);
    },
    undefined,
    () => {
      answered = true;
    },
  );
}

/**
 * SP-initiated login in a real browser: the target's start URL, the IdP simulator (which answers at
 * once from a session made over HTTP, or asks with its form once a logout ended it), back to the ACS.
 */
async function spInitiatedLoginSteps(
  page: Page,
  accord: Accord,
  binding: 'redirect' | 'post',
): Promise<LoginResult> {
  const login = accord.profile.login!;
  const start = login.start[binding];
  if (!start) throw new Error(`${accord.profile.name}: no login.start.${binding} in its profile`);
  const user = await counterpartUser(accord);
  const relayToken = `accord${randomBytes(6).toString('hex')}`;
  const relayState = login.relayState ? accord.fill(login.relayState, { token: relayToken }) : '';
  const url = accord.fill(start, { relay_state: encodeURIComponent(relayState) });
  const outcome = await throughIdp(page, accord, user, () => openLoginStart(page, accord, url, user));
  const verdict = judgeSignedIn(outcome, login.success, (s, enc) => accord.fill(s, userVars(user), enc));
  return { outcome, verdict, relayToken, user };
}

/** IdP-initiated login: the IdP simulator posts an unsolicited Response to the target's ACS. */
async function idpInitiatedLoginSteps(
  page: Page,
  accord: Accord,
  relayState = unsolicitedRelayState(accord),
): Promise<LoginResult> {
  const user = await counterpartUser(accord);
  const q = new URLSearchParams({ sp: accord.runtime.targetEntityId });
  if (relayState) q.set('RelayState', relayState);
  const outcome = await throughIdp(page, accord, user, () =>
    page.goto(`${accord.runtime.counterpart.url}/__accord/idp-initiated?${q}`),
  );
  const landed = await judgeSignedInPage(page, accord, outcome, user);
  if (landed) return { ...landed, relayToken: relayState, user };
  const verdict = judgeSignedIn(outcome, accord.profile.login!.success, (s, enc) =>
    accord.fill(s, userVars(user), enc),
  );
  return { outcome, verdict, relayToken: relayState, user };
}

/** spInitiatedLogin, as one step of the report. */
export function spInitiatedLogin(...args: Parameters<typeof spInitiatedLoginSteps>): Promise<LoginResult> {
  return test.step(`sign in: SP-initiated, AuthnRequest over HTTP-${args[2]}`, () =>
    spInitiatedLoginSteps(...args));
}

/** 'sign in: IdP-initiated', as one step of the report. */
export function idpInitiatedLogin(...args: Parameters<typeof idpInitiatedLoginSteps>): Promise<LoginResult> {
  return test.step('sign in: IdP-initiated', () => idpInitiatedLoginSteps(...args));
}
