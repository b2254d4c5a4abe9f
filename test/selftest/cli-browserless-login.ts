import { STAY_SIGNED_IN } from '../../lib/admin/login-form.ts';

/**
 * An HTTP client that signs in through an SP and an IdP the way a browser does: follows
 * redirects, keeps cookies per origin, fills the IdP's login form and submits the auto-posting
 * form that carries the SAML Response. Enough for a smoke test of a simulator pair, no browser.
 */
export class CookieJar {
  private readonly jar = new Map<string, Map<string, string>>();

  header(url: string): string {
    const c = this.jar.get(new URL(url).host);
    return c ? [...c].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  take(url: string, res: Response): void {
    const host = new URL(url).host;
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const jar = this.jar.get(host) ?? new Map<string, string>();
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      this.jar.set(host, jar);
    }
  }
}

export async function request(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string> } = {},
): Promise<{ url: string; status: number; body: string }> {
  let current = url;
  let method = init.method ?? (init.form ? 'POST' : 'GET');
  let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(current, {
      method,
      redirect: 'manual',
      headers: {
        cookie: jar.header(current),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    jar.take(current, res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      current = new URL(location, current).toString();
      method = 'GET';
      body = undefined;
      continue;
    }
    return { url: current, status: res.status, body: await res.text() };
  }
  throw new Error(`more than 10 redirects from ${url}`);
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const unescapeAttr = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The first form of a page: its action and every named input's value. */
export function firstForm(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form\b[^>]*>/i.exec(html)?.[0];
  if (!form) throw new Error(`no form on the page at ${base}: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of html.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name) fields[name] = unescapeAttr(attr(input, 'value') ?? '');
  }
  return { action: new URL(unescapeAttr(attr(form, 'action') ?? base), base).toString(), fields };
}

/** SP-initiated sign-in: the SP's login URL, the IdP's form with the user's credentials, the POST to the ACS. */
export async function signIn(
  spLoginUrl: string,
  user: { username: string; password: string },
): Promise<{ url: string; status: number; body: string; jar: CookieJar }> {
  const jar = new CookieJar();
  const loginPage = await request(jar, spLoginUrl);
  const login = firstForm(loginPage.body, loginPage.url);
  let posted = await request(jar, login.action, {
    form: { ...login.fields, username: user.username, password: user.password },
  });
  // Entra ID asks "Stay signed in?" once the password is right; either answer goes on.
  if (/<form\b[^>]*id="staySignedInForm"/.test(posted.body)) {
    const stay = firstForm(posted.body, posted.url);
    posted = await request(jar, stay.action, { form: { ...stay.fields, [STAY_SIGNED_IN]: 'no' } });
  }
  const toAcs = firstForm(posted.body, posted.url);
  if (!toAcs.fields.SAMLResponse)
    throw new Error(`the IdP did not answer with a SAML Response: ${posted.body.slice(0, 300)}`);
  return { ...(await request(jar, toAcs.action, { form: toAcs.fields })), jar };
}
