import type { Locator, Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { LoginForm } from '../../../lib/target/types.ts';
import { SETTLE_MS } from '../../fixtures/await-arrival.ts';

/*
 * A target's sign-in as its profile's loginForm describes it, for IdP and OP targets alike: the
 * pages some products show before the form (before), the user name, Next (identifier-first), the
 * password, submit, and the pages they show after it (after).
 */

/** The first credential field the login form shows: the user name, or the password alone. */
function credentialField(page: Page, form: LoginForm): Locator {
  return page.locator(form.username).or(page.locator(form.password)).filter({ visible: true }).first();
}

/**
 * Whether the product asks who signs in: a credential field, or one of the pages the profile says
 * come before the form (a choice of account or connector, home realm discovery).
 */
export function loginPageShown(page: Page, form: LoginForm): Locator {
  let shown = credentialField(page, form);
  for (const s of form.before ?? []) shown = shown.or(page.locator(s).filter({ visible: true }));
  return shown.first();
}

/**
 * Presses the buttons of `before` that show, each at most once, until a credential field shows:
 * pages some products put in front of their login form.
 */
async function passBeforePages(page: Page, form: LoginForm, before: readonly string[]): Promise<void> {
  const pressed = new Set<string>();
  const credentials = credentialField(page, form);
  for (;;) {
    const waiting = before.filter((s) => !pressed.has(s));
    let next = credentials;
    for (const s of waiting) next = next.or(page.locator(s).filter({ visible: true }));
    await next.first().waitFor();
    if (await credentials.isVisible()) return;
    const which = await firstVisible(page, waiting);
    if (which === undefined) continue;
    pressed.add(which);
    await page.locator(which).first().click();
    if (pressed.size === before.length) return;
  }
}

async function firstVisible(page: Page, selectors: readonly string[]): Promise<string | undefined> {
  for (const s of selectors) if (await page.locator(s).first().isVisible()) return s;
  return undefined;
}

/**
 * Signs `user` in on a login form as `form` describes it: the pages before it (`before`), the user name, Next where the product
 * asks for the password only after it (identifier-first), the password, submit; then the pages
 * the product may show before it answers the application (`after`), each pressed when it shows.
 */
export async function fillLoginForm(
  page: Page,
  form: LoginForm,
  user: Pick<TestUser, 'username' | 'password'>,
  /** Settles once the flow has reached the application, when the caller can tell (the OP suite's redirect URI, never loaded). */
  answered?: Promise<unknown>,
): Promise<void> {
  if (form.before) await passBeforePages(page, form, form.before);
  const username = page.locator(form.username).first();
  const password = page.locator(form.password).first();
  await credentialField(page, form).waitFor();
  // A product that knows who signs in (re-authentication for prompt=login or max_age) may ask
  // for the password alone, the user name shown as text or in a field that cannot be changed.
  if ((await username.isVisible()) && (await username.isEditable())) await username.fill(user.username);
  if (form.next && !(await password.isVisible())) await page.locator(form.next).first().click();
  await password.fill(user.password);
  const formOrigin = new URL(page.url()).origin;
  await page.locator(form.submit).first().click();
  if (form.after) await pressAfterPages(page, form.after, password, formOrigin, answered);
}

/**
 * Presses the first of `selectors` to show, then the next, until none is left or the browser
 * leaves the origin the form was on. A page that shows none within SETTLE_MS ends it: the
 * product went on without asking, or stopped (a refused password), which the caller then sees.
 */
async function pressAfterPages(
  page: Page,
  selectors: readonly string[],
  password: Locator,
  formOrigin: string,
  answered: Promise<unknown> = new Promise(() => {}),
): Promise<void> {
  // A redirect to an address with no server (the OP suite's redirect URI) may never commit a page
  // of another origin: the caller's word that the answer went out ends the wait then.
  const over = answered.then(
    () => 'answered' as const,
    () => 'answered' as const,
  );
  // The form must be gone first: its own button may match one of `after` (Entra ID has one id for
  // Next, Sign in and Yes), and pressing it again would post the form twice.
  const gone = await Promise.race([
    over,
    password.waitFor({ state: 'hidden', timeout: SETTLE_MS }).then(
      () => 'gone' as const,
      () => 'stayed' as const,
    ),
  ]);
  if (gone !== 'gone') return;
  const pressed = new Set<string>();
  for (;;) {
    const waiting = selectors.filter((s) => !pressed.has(s));
    if (waiting.length === 0) return;
    const left = page
      .waitForURL((u) => u.origin !== formOrigin, { waitUntil: 'commit', timeout: SETTLE_MS })
      .then(
        () => undefined,
        () => undefined,
      );
    const shown = Promise.any(
      waiting.map((s) =>
        page
          .locator(s)
          .first()
          .waitFor({ timeout: SETTLE_MS })
          .then(() => s),
      ),
    ).catch(() => undefined);
    const which = await Promise.race([left, shown, over.then(() => undefined)]);
    if (!which) return;
    pressed.add(which);
    await page.locator(which).first().click();
  }
}
