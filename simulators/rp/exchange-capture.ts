import type { CustomFetch } from 'openid-client';

const sameUrl = (a: string, b: string | undefined) => b !== undefined && new URL(a).href === new URL(b).href;

async function jsonObject(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const v: unknown = await response.clone().json();
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * openid-client's HTTP calls of one sign-in, seen on the way: the token response and the userinfo
 * response as the OP sent them, so the RP's own rules judge exactly what the library judged (and
 * can name what it refused). With `hideIdToken`, the library gets the token response without its
 * id_token (see LibraryView.hidesIdToken).
 */
export class ExchangeCapture {
  tokenResponse?: Record<string, unknown>;
  userinfo?: Record<string, unknown>;

  constructor(
    private readonly endpoints: { token: string; userinfo?: string },
    private readonly hideIdToken: boolean,
  ) {}

  readonly fetch: CustomFetch = async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    if (sameUrl(url, this.endpoints.token)) {
      this.tokenResponse = await jsonObject(response);
      if (this.hideIdToken && this.tokenResponse?.id_token !== undefined) {
        const { id_token: _hidden, ...rest } = this.tokenResponse;
        return new Response(JSON.stringify(rest), {
          status: response.status,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        });
      }
    } else if (sameUrl(url, this.endpoints.userinfo)) {
      this.userinfo = await jsonObject(response);
    }
    return response;
  };

  get idToken(): string | undefined {
    const t = this.tokenResponse?.id_token;
    return typeof t === 'string' ? t : undefined;
  }
}
