import { type BrowserContext, request } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { Accord } from '../../fixtures/index.ts';

/** Per IdP simulator: the names of its session cookies, learnt from the first session made over HTTP. */
const sessionCookieNames = new Map<string, ReadonlySet<string>>();

export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * Signs the user in at the IdP simulator over HTTP and returns its cookies: its login form is ours,
 * and the target never sees it. The Response this leaves is never sent, and carries no flow id.
 */
export async function idpSession(accord: Accord, user: TestUser): Promise<StorageState> {
  const api = await request.newContext();
  try {
    const idp = accord.runtime.counterpart.url;
    const start = `${idp}/__accord/idp-initiated?${new URLSearchParams({ sp: accord.runtime.targetEntityId })}`;
    const first = await api.get(start, { maxRedirects: 0 });
    const location = first.headers().location;
    if (!location) {
      throw new Error(`the IdP simulator did not send ${start} to its login form (${first.status()})`);
    }
    const login = new URL(location, idp);
    login.search = '';
    const res = await api.post(login.href, { form: { username: user.username, password: user.password } });
    if (!res.ok()) throw new Error(`signing in ${user.username} at ${login.href} answered ${res.status()}`);
    return await api.storageState();
  } finally {
    await api.dispose();
  }
}

/**
 * Gives a browser context that holds no session at the IdP simulator yet one for `user`, so that
 * the IdP answers at once and no browser time goes to a form the target never sees. A context
 * that already has one keeps it: later logins in it share the session, as a browser's would, and
 * one ended by a logout shows the form, which the sign-in steps still fill.
 */
export async function withIdpSession(context: BrowserContext, accord: Accord, user: TestUser): Promise<void> {
  const idp = accord.runtime.counterpart.url;
  const holds = async (names: ReadonlySet<string>) =>
    (await context.cookies(idp)).some((c) => names.has(c.name));
  const known = sessionCookieNames.get(idp);
  if (known && (await holds(known))) return;
  const fresh = await idpSession(accord, user);
  // Cookies ignore ports, so the target's share the host: the IdP's are known by their names.
  const names = new Set(fresh.cookies.map((c) => c.name));
  sessionCookieNames.set(idp, names);
  if (!known && (await holds(names))) return;
  await context.addCookies(fresh.cookies);
}
