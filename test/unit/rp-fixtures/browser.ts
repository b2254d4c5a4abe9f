/**
 * A browser for tests with no browser: fetch with a cookie jar per host (as browsers keep them,
 * ports ignored) and redirects followed by hand, so each hop is visible.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Every URL visited by the last `get`, in order. */
  hops: string[] = [];

  private cookies(url: URL): Map<string, string> {
    const c = this.jar.get(url.hostname) ?? new Map<string, string>();
    this.jar.set(url.hostname, c);
    return c;
  }

  private store(url: URL, response: Response): void {
    const jar = this.cookies(url);
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attrs] = header.split(';');
      const i = (pair as string).indexOf('=');
      const name = (pair as string).slice(0, i).trim();
      const value = (pair as string).slice(i + 1).trim();
      if (value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
  }

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const cookie = [...this.cookies(u)].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(u, { ...init, headers, redirect: 'manual' });
    this.store(u, response);
    return response;
  }

  /** GETs and follows redirects until `stop` says so or a page is not a redirect. */
  async get(
    url: string | URL,
    stop: (url: URL) => boolean = () => false,
  ): Promise<{ url: URL; status: number; text: string; location?: string }> {
    let current = new URL(url);
    this.hops = [current.href];
    for (let i = 0; i < 20; i++) {
      const response = await this.request(current);
      const location = response.headers.get('location') ?? undefined;
      if (response.status < 300 || response.status >= 400 || !location || stop(new URL(location, current))) {
        return { url: current, status: response.status, text: await response.text(), location };
      }
      await response.body?.cancel();
      current = new URL(location, current);
      this.hops.push(current.href);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits a form (its action and hidden inputs read from the page) and follows what comes back. */
  async submitForm(pageUrl: URL, html: string, extra: Record<string, string> = {}) {
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on ${pageUrl.href}`);
    const fields = Object.fromEntries(
      [...html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const target = new URL(action.replace(/&amp;/g, '&'), pageUrl);
    const response = await this.request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, ...extra }),
    });
    const location = response.headers.get('location');
    await response.body?.cancel();
    return location
      ? this.get(new URL(location, target))
      : { url: target, status: response.status, text: '' };
  }
}
