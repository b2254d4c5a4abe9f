import { createHash, randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { LoginForm } from '../../../lib/target/types.ts';
import { SETTLE_AFTER_ERROR_MS } from '../../fixtures/await-arrival.ts';
import type { Accord } from '../../fixtures/index.ts';
import { visibleText } from '../../fixtures/visible-text.ts';
import { fillTargetLoginForm } from '../../idp-target/steps/idp-login.ts';
import { loginPageShown } from '../../idp-target/steps/login-form.ts';
import { endpoint, type OpTarget } from './op-target.ts';

/** What the suite sent in one authorization request, to compare with what comes back. */
export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce?: string;
  codeVerifier: string;
  params: Record<string, string>;
}

/** How an authorization request ended, as the browser saw it. */
export interface AuthorizationOutcome {
  request: AuthorizationRequest;
  /** The parameters the OP sent to the redirect URI (query or fragment), when it sent the browser there. */
  response?: URLSearchParams;
  /** The full URL the browser was sent to at the redirect URI. */
  responseUrl?: string;
  /** The OP showed its login form (and, unless told not to, it was filled). */
  prompted: boolean;
  /** Where the browser stopped when the OP did not send it to the redirect URI. */
  stoppedAt?: string;
  stoppedText?: string;
}

/** 32 random bytes: 43 base64url characters, the shortest code_verifier RFC 7636 4.1 allows. */
export const randomToken = () => randomBytes(32).toString('base64url');

/**
 * An authorization code request of OIDC Core 3.1.2.1 with state, nonce and PKCE S256; `params`
 * adds or replaces parameters (undefined removes one, as nonce for OP-NONCE-OPTIONAL).
 */
export function authorizationRequest(
  op: OpTarget,
  params: Record<string, string | undefined> = {},
): AuthorizationRequest {
  const codeVerifier = randomToken();
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: op.client.id,
    redirect_uri: op.redirectUri,
    scope: op.scope,
    state: randomToken(),
    nonce: randomToken(),
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  };
  const sent = Object.fromEntries(
    Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const url = new URL(endpoint(op, 'authorization_endpoint'));
  for (const [k, v] of Object.entries(sent)) url.searchParams.set(k, v);
  return { url: url.href, state: sent.state ?? '', nonce: sent.nonce, codeVerifier, params: sent };
}

/** The OAuth parameters of a redirect URI request: the query, or the fragment when the query has none. */
function responseParams(url: string): URLSearchParams {
  const u = new URL(url);
  const q = u.searchParams;
  if (q.has('code') || q.has('error')) return q;
  return new URLSearchParams(u.hash.replace(/^#/, ''));
}

/**
 * Sends the browser to the authorization endpoint and follows it until the OP sends it to the
 * redirect URI (read from the request, never loaded: the URI needs no server) or stops. The login
 * form is filled with the profile's test user when it appears, unless `credentials` is false, in
 * which case its appearance ends the attempt (prompt=none must never show it).
 */
export async function authorize(
  page: Page,
  accord: Accord,
  op: OpTarget,
  request: AuthorizationRequest,
  opts: { credentials?: boolean; redirectUri?: string; timeoutMs?: number } = {},
): Promise<AuthorizationOutcome> {
  const form = accord.profile.loginForm;
  if (!form) throw new Error(`${accord.profile.file}: role op needs loginForm`);
  const timeout = opts.timeoutMs ?? 15_000;
  const arrival = watchArrival(page, opts.redirectUri ?? op.redirectUri);
  let prompted = false;
  const reauth = accord.profile.op?.reauthConfirm;
  try {
    // goto settles when the OP's page has loaded, or fails when the redirect URI (no server) is reached.
    let first = await settle(
      page,
      gotoOverStale(page, request.url, timeout),
      arrival.arrived,
      form,
      timeout,
      reauth,
    );
    if (first === 'reauth' && reauth) {
      // The OP asks before it re-authenticates a signed-in user. Not the login form: the user it
      // shows it to still has a session, so a request that must not show pages stops here.
      if (opts.credentials === false) return stopped(page, request, false);
      first = await settle(
        page,
        page.locator(reauth).first().click({ timeout }),
        arrival.arrived,
        form,
        timeout,
      );
    }
    if (first === 'form') {
      prompted = true;
      if (opts.credentials === false) return { request, prompted, stoppedAt: page.url() };
      await fillTargetLoginForm(page, accord, op.user, arrival.arrived);
      // A sign-in that works ends at the redirect URI; one that does not shows a page, so wait it out.
      const after = await Promise.race([
        arrival.arrived.then(() => 'arrived' as const),
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeout)),
      ]);
      if (after !== 'arrived') return stopped(page, request, prompted);
    } else if (first !== 'arrived') return stopped(page, request, prompted);
    const url = await arrival.arrived;
    return { request, prompted, response: responseParams(url), responseUrl: url };
  } finally {
    arrival.stop();
  }
}

/**
 * page.goto, once more when the error page of a navigation still pending from the step before (the
 * browser sent to a redirect URI that has no server) commits over this one: the OP's answer to the
 * request is then never shown, and its status never read.
 */
async function gotoOverStale(page: Page, url: string, timeout: number) {
  try {
    return await page.goto(url, { timeout });
  } catch (e) {
    if (!/interrupted by another navigation to "chrome-error:/.test(String(e))) throw e;
    await page.waitForLoadState('load').catch(() => undefined);
    return page.goto(url, { timeout });
  }
}

/** Resolves with the first request the browser makes to `prefix` (the redirect URI is never loaded). */
export function watchArrival(page: Page, prefix: string): { arrived: Promise<string>; stop(): void } {
  let resolve: (url: string) => void = () => {};
  const arrived = new Promise<string>((r) => {
    resolve = r;
  });
  const listener = (r: { url(): string }) => {
    if (r.url().startsWith(prefix)) resolve(r.url());
  };
  page.context().on('request', listener);
  return { arrived, stop: () => page.context().off('request', listener) };
}

/**
 * How long a loaded page of the OP may take to show its login form or move on; a page whose
 * document answered with an error status (an OP refusing the request) rarely does either.
 */
const FORM_GRACE = 5_000;

/**
 * What the browser shows once `navigation` settled: the redirect URI reached, the login form, the
 * profile's re-authentication page (`reauthSelector`), or none of them (an error page, a page of
 * the OP's own). Script on the OP's page gets a moment to move on.
 */
async function settle(
  page: Page,
  navigation: Promise<unknown>,
  arrived: Promise<string>,
  loginForm: LoginForm,
  timeout: number,
  reauthSelector?: string,
): Promise<'arrived' | 'form' | 'reauth' | 'other'> {
  const reached = arrived.then(() => 'arrived' as const);
  // A goto's own response says whether the OP refused the request; the document can say it too
  // late, or not at all when the goto was cut short.
  let answered = 0;
  const loaded = navigation.then(
    (r) => {
      answered = responseStatus(r);
      return 'loaded' as const;
    },
    () => 'loaded' as const,
  );
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeout));
  if ((await Promise.race([reached, loaded, timer])) === 'arrived') return 'arrived';
  // A goto cut short by the page's own navigation settles early: give the page time to show its form.
  const credentials = loginPageShown(page, loginForm);
  const either = reauthSelector
    ? credentials.or(page.locator(reauthSelector).filter({ visible: true })).first()
    : credentials;
  const status = answered || (await documentStatus(page));
  const grace = status >= 400 ? SETTLE_AFTER_ERROR_MS : FORM_GRACE;
  const form = either.waitFor({ state: 'visible', timeout: grace }).then(
    async () =>
      reauthSelector && !(await credentials.isVisible()) ? ('reauth' as const) : ('form' as const),
    () => 'other' as const,
  );
  const next = await Promise.race([reached, form]);
  return next === 'arrived' ? 'arrived' : next;
}

/** The status of the response a goto answered with (null for a click, or a navigation within the page). */
function responseStatus(r: unknown): number {
  const status = (r as { status?: unknown } | null)?.status;
  return typeof status === 'function' ? Number(status.call(r)) || 0 : 0;
}

/**
 * The HTTP status of the document the page shows, 0 when it cannot be told: read from the document
 * itself, as a goto cut short by a navigation before it gives no response.
 */
function documentStatus(page: Page): Promise<number> {
  return Promise.race([
    page
      .evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as { responseStatus?: number } | undefined;
        return nav?.responseStatus ?? 0;
      })
      .catch(() => 0),
    new Promise<number>((r) => setTimeout(() => r(0), 1_000)),
  ]);
}

async function stopped(
  page: Page,
  request: AuthorizationRequest,
  prompted: boolean,
): Promise<AuthorizationOutcome> {
  const text = await visibleText(page);
  return {
    request,
    prompted,
    stoppedAt: page.url(),
    stoppedText: text.replace(/\s+/g, ' ').trim().slice(0, 300),
  };
}

/** A code flow through the browser that must succeed: the code, or an error saying where it stopped. */
export function codeOf(outcome: AuthorizationOutcome): { code?: string; problem?: string } {
  const r = outcome.response;
  if (!r)
    return {
      problem: `the OP never sent the browser to the redirect URI (stopped at ${outcome.stoppedAt}${outcome.stoppedText ? `: "${outcome.stoppedText}"` : ''})`,
    };
  if (r.get('error'))
    return {
      problem: `the OP answered error=${r.get('error')} (${r.get('error_description') ?? 'no description'})`,
    };
  const code = r.get('code');
  if (!code) return { problem: `the OP sent no code to the redirect URI (${outcome.responseUrl})` };
  if (r.get('state') !== outcome.request.state)
    return {
      problem: `the OP sent state ${JSON.stringify(r.get('state'))}, not the ${JSON.stringify(outcome.request.state)} sent`,
    };
  return { code };
}
