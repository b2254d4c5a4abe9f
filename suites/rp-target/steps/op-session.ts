import { createHash, randomBytes } from 'node:crypto';
import { type BrowserContext, request } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { Accord } from '../../fixtures/index.ts';
import { opInfo, registration } from './op.ts';

type Cookie = Parameters<BrowserContext['addCookies']>[0][number];

/** Per OP simulator: the cookies of a session there, made once per worker. */
const sessions = new Map<string, Promise<Cookie[]>>();

/**
 * Signs the user in at the OP simulator over HTTP, in a cookie jar that meets no one else (the RP
 * shares the OP's host, and cookies ignore ports), and returns the OP's cookies: a browser given
 * them is answered at once, without the login form. The OP is ours, so its form is known. The
 * authorization code this leaves is never used.
 */
async function signInOverHttp(accord: Accord, user: TestUser): Promise<Cookie[]> {
  const info = await opInfo(accord);
  const reg = registration(accord);
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(info.authorizationEndpoint);
  authorize.search = new URLSearchParams({
    client_id: reg.clientId,
    redirect_uri: reg.redirectUris[0],
    response_type: 'code',
    scope: reg.scope ?? 'openid',
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const api = await request.newContext();
  try {
    let res = await api.get(authorize.href, { maxRedirects: 0 });
    const form = res.headers().location;
    if (!form)
      throw new Error(`the OP answered ${res.status()} to an authorization request, not its login form`);
    res = await api.post(new URL(form, authorize).href, {
      form: { username: user.username, password: user.password },
      maxRedirects: 0,
    });
    // The OP resumes the authorization, which sets its session, and sends the code to the RP.
    for (let hop = 0; hop < 5 && res.status() >= 300 && res.status() < 400; hop++) {
      const next = new URL(res.headers().location ?? '', authorize);
      if (next.origin !== authorize.origin) break;
      res = await api.get(next.href, { maxRedirects: 0 });
    }
    return (await api.storageState()).cookies;
  } finally {
    await api.dispose();
  }
}

/** Gives the browser context a session at the OP simulator, made once per worker; none if that fails. */
export async function withOpSession(context: BrowserContext, accord: Accord, user: TestUser): Promise<void> {
  const key = accord.runtime.counterpart.url;
  let cookies = sessions.get(key);
  if (!cookies) {
    cookies = signInOverHttp(accord, user).catch(() => []);
    sessions.set(key, cookies);
  }
  const list = await cookies;
  if (list.length > 0) await context.addCookies(list);
}

/** Forgets the OP session of this worker (a logout at the OP ended it). */
export function forgetOpSession(accord: Accord): void {
  sessions.delete(accord.runtime.counterpart.url);
}
