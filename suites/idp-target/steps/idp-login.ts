import { randomBytes } from 'node:crypto';
import { type Page, test } from '@playwright/test';
import type { SpInfo, TestUser } from '../../../lib/admin/protocol.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import type { Accord } from '../../fixtures/index.ts';
import type { AcsOutcome } from '../../fixtures/success-detector.ts';
import { fillLoginForm } from './login-form.ts';

const infos = new Map<string, Promise<SpInfo>>();
const userLists = new Map<string, Promise<TestUser[]>>();

export function counterpartSp(accord: Accord): Promise<SpInfo> {
  const url = accord.counterpart.baseUrl;
  if (!infos.has(url)) infos.set(url, accord.counterpart.info<SpInfo>());
  return infos.get(url)!;
}

/** The target IdP's test user, from its profile (a list, or a URL that returns one). */
export async function targetUser(accord: Accord): Promise<TestUser> {
  const users = accord.profile.users;
  if (!users) throw new Error(`${accord.profile.name}: an IdP target profile needs users`);
  let list: TestUser[];
  if (Array.isArray(users)) list = users as TestUser[];
  else {
    const url = accord.fill(users.url);
    if (!userLists.has(url)) {
      userLists.set(
        url,
        fetch(url).then(async (r) => {
          if (!r.ok) throw new Error(`${accord.profile.file}: users.url ${url} answered ${r.status}`);
          return (await r.json()) as TestUser[];
        }),
      );
    }
    list = await userLists.get(url)!;
  }
  if (!list[0]) throw new Error(`${accord.profile.name}: no test user`);
  return list[0];
}

export interface IdpLoginResult {
  outcome: AcsOutcome;
  relayState: string;
  user: TestUser;
  /** The Response the reference SP received in this flow, with its verdict per check. */
  response?: TraceEntry;
  request?: TraceEntry;
}

/** Fills the target IdP's login form with the profile's selectors; skipped when the IdP already has a session. */
export function fillTargetLoginForm(
  page: Page,
  accord: Accord,
  user: TestUser,
  answered?: Promise<unknown>,
): Promise<void> {
  return fillLoginForm(page, accord.profile.loginForm!, user, answered);
}

/**
 * Drives the browser to the reference SP's ACS; when the target stops the flow (an error page,
 * no login form, no Response), the outcome says where the browser ended instead of throwing, so
 * the checks record a failure with evidence rather than the test erroring out.
 */
async function throughTarget(
  page: Page,
  acsUrl: string,
  start: string,
  fill: () => Promise<void>,
): Promise<AcsOutcome> {
  let stopped: string | undefined;
  try {
    return await awaitAcs(page, acsUrl, async () => {
      const res = await page.goto(start);
      if (res && res.status() >= 400) {
        stopped = `the target answered ${res.status()} at ${page.url()}`;
        throw new Error(stopped);
      }
      await fill();
    });
  } catch (e) {
    return { acsStatus: 0, finalUrl: page.url(), bodyText: stopped ?? (e as Error).message.split('\n')[0] };
  }
}

async function spInitiatedAtTargetSteps(
  page: Page,
  accord: Accord,
  binding: 'redirect' | 'post',
  /** The flow the page's context is tagged with, when not the test's own. */
  flowId: string = accord.flowId,
): Promise<IdpLoginResult> {
  const sp = await counterpartSp(accord);
  const user = await targetUser(accord);
  const relayState = `accord${randomBytes(6).toString('hex')}`;
  const q = new URLSearchParams({ idp: accord.runtime.targetEntityId, binding, RelayState: relayState });
  const outcome = await throughTarget(page, sp.acsUrl, `${sp.loginUrl}?${q}`, () =>
    fillTargetLoginForm(page, accord, user),
  );
  const trace = await accord.counterpart.trace({ flowId });
  return {
    outcome,
    relayState,
    user,
    request: trace.find((e) => e.kind === 'AuthnRequest'),
    response: trace.filter((e) => e.kind === 'Response').pop(),
  };
}

async function idpInitiatedAtTargetSteps(page: Page, accord: Accord): Promise<IdpLoginResult> {
  const sp = await counterpartSp(accord);
  const user = await targetUser(accord);
  const relayState = '';
  const start = accord.fill(accord.profile.idpInitiated!.start, {
    sp_entity_id: encodeURIComponent(sp.entityId),
    relay_state: relayState,
  });
  const outcome = await throughTarget(page, sp.acsUrl, start, () => fillTargetLoginForm(page, accord, user));
  const trace = await accord.counterpart.trace({ flowId: accord.flowId });
  return { outcome, relayState, user, response: trace.filter((e) => e.kind === 'Response').pop() };
}

/** 'sign in at the IdP: SP-initiated', as one step of the report. */
export function spInitiatedAtTarget(
  ...args: Parameters<typeof spInitiatedAtTargetSteps>
): Promise<IdpLoginResult> {
  return test.step('sign in at the IdP: SP-initiated', () => spInitiatedAtTargetSteps(...args));
}

/** 'sign in at the IdP: IdP-initiated', as one step of the report. */
export function idpInitiatedAtTarget(
  ...args: Parameters<typeof idpInitiatedAtTargetSteps>
): Promise<IdpLoginResult> {
  return test.step('sign in at the IdP: IdP-initiated', () => idpInitiatedAtTargetSteps(...args));
}
