import type { BrowserContext, Page, Response } from '@playwright/test';
import type { MessageFlows, Via } from './message-flows.ts';

export interface CapturedResponse {
  /** The HTTP-POST form the IdP had the browser send to the ACS. */
  samlResponse: string;
  relayState?: string;
  /** The flow's shared page and context (the message belongs to its session), until the next flow. */
  context: BrowserContext;
  page: Page;
  flowId: string;
}

function sameEndpoint(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.origin === y.origin && x.pathname === y.pathname;
}

function hidden(html: string, name: string): string | undefined {
  const m = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return m
    ? m[1]
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    : undefined;
}

/**
 * In a new flow, a fresh genuine Response the IdP simulator issued for the genuine user, not
 * delivered. Unsolicited: read from the IdP's auto-post page over HTTP. SP-initiated: the browser
 * starts the login at the target and the form post to the ACS is stopped in flight.
 */
export async function captureResponse(session: MessageFlows, via: Via): Promise<CapturedResponse> {
  const { context, page, flowId } = await session.nextFlow();
  if (via === 'unsolicited') {
    const html = await (await context.request.get(session.startUrl('unsolicited'))).text();
    const samlResponse = hidden(html, 'SAMLResponse');
    if (!samlResponse) throw new Error('the IdP simulator answered without a SAMLResponse form');
    return { samlResponse, relayState: hidden(html, 'RelayState'), context, page, flowId };
  }
  const acs = session.acsUrl;
  let timer: NodeJS.Timeout | undefined;
  try {
    const form = new Promise<URLSearchParams>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no Response reached the ACS ${acs} within 10 s`)), 10_000);
      void page.route(
        (u) => sameEndpoint(u.href, acs),
        async (route) => {
          if (route.request().method() !== 'POST') return route.continue();
          resolve(new URLSearchParams(route.request().postData() ?? ''));
          await route.abort();
        },
      );
    });
    const start = (await session.openStart(page, 'sp-initiated').catch(() => null)) as Response | null;
    // A page that answered with an error (the IdP refused the AuthnRequest) posts nothing on.
    if (start && start.status() >= 400)
      throw new Error(
        `no Response reached the ACS ${acs}: the browser stopped at ${page.url()} (HTTP ${start.status()})`,
      );
    const fields = await form;
    const samlResponse = fields.get('SAMLResponse');
    if (!samlResponse) throw new Error('the form posted to the ACS carries no SAMLResponse');
    return { samlResponse, relayState: fields.get('RelayState') ?? undefined, context, page, flowId };
  } finally {
    clearTimeout(timer);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  }
}
