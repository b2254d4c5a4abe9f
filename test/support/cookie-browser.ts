/**
 * A browser without a browser: fetch with a cookie jar, redirects followed by hand so a test sees
 * every hop. Cookies are kept by name for any host (loopback cookies ignore ports anyway).
 */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  constructor(flow?: string) {
    if (flow) this.cookies.set('accord-flow', flow);
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v = ''] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string): Promise<Response> {
    const res = await fetch(url, { headers: { cookie: this.header() }, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }

  /**
   * GETs `url` and follows redirects until one leaves for a URL `stop` accepts (the client's
   * redirect_uri, which no one serves here) or a page answers; returns that URL or page.
   */
  async follow(
    url: string,
    stop: (url: string) => boolean,
    max = 10,
  ): Promise<{ url: string; res?: Response }> {
    let at = url;
    for (let i = 0; i < max; i++) {
      if (stop(at)) return { url: at };
      const res = await this.get(at);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: at, res };
      at = new URL(location, at).href;
    }
    throw new Error(`more than ${max} redirects from ${url}`);
  }
}
