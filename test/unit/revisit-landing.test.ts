import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type Browser, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../lib/run/browser.ts';
import { fillTemplate } from '../../lib/target/index.ts';
import type { Accord } from '../../suites/fixtures/index.ts';
import { revisitLandingSteps } from '../../suites/fixtures/revisit-landing.ts';

/*
 * "Is this browser still signed in?" must never be answered by the counterpart signing the user
 * straight back in. A target whose session ended sends the browser there, most often by a server
 * redirect, which Playwright does not route: these tests stand up a target and a counterpart that
 * signs anyone in at once, and count what reaches the counterpart.
 */

const USER = { username: 'kim.lee', password: 'x', email: 'kim.lee@example.org' };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let browser: Browser;
let target: { server: Server; url: string };
let counterpart: { server: Server; url: string };
let counterpartHits = 0;

before(async () => {
  counterpart = await serve((_req, res) => {
    counterpartHits++;
    // A counterpart that still knows the user: it answers with a page showing them.
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${USER.email}</p>`);
  });
  target = await serve((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const signedIn = (req.headers.cookie ?? '').includes('session=alive');
    if (path === '/landing' && signedIn) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>Signed in: ${USER.email}</p>`);
    } else if (path === '/landing' || path === '/ended') {
      res.writeHead(302, { location: `${counterpart.url}/authorize?client_id=c` }).end();
    } else if (path === '/two-hops') {
      res.writeHead(303, { location: '/ended' }).end();
    } else if (path === '/by-script') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<script>location.href = ${JSON.stringify(`${counterpart.url}/authorize`)}</script>`);
    } else {
      res.writeHead(404).end();
    }
  });
  browser = await chromium.launch(chromiumLaunchOptions());
});

after(async () => {
  await browser?.close();
  target?.server.close();
  counterpart?.server.close();
});

function accordFor(counterpartUrl: string, success: object = { text: '{email}' }): Accord {
  return {
    runtime: { counterpart: { url: counterpartUrl, role: 'op' } },
    profile: { login: { success } },
    fill: (s: string, vars: Record<string, string> = {}, encode?: (v: string) => string) =>
      fillTemplate(s, vars, encode),
  } as unknown as Accord;
}

async function revisit(path: string, cookie?: string, success?: object) {
  const context = await browser.newContext();
  try {
    if (cookie) await context.addCookies([{ name: 'session', value: cookie, url: target.url }]);
    const page = await context.newPage();
    counterpartHits = 0;
    const verdict = await revisitLandingSteps(
      page,
      accordFor(counterpart.url, success),
      `${target.url}${path}`,
      USER,
    );
    return { verdict, hits: counterpartHits };
  } finally {
    await context.close();
  }
}

test('a signed-in browser is judged on the target page itself, its cookies sent', async () => {
  const { verdict, hits } = await revisit('/landing', 'alive');
  assert.equal(verdict.signedIn, true, verdict.reason);
  assert.equal(hits, 0);
});

test('a server redirect to the counterpart does not reach it and is not signed in', async () => {
  const { verdict, hits } = await revisit('/landing');
  assert.equal(hits, 0, 'the counterpart was reached and could sign the user back in');
  assert.equal(verdict.signedIn, false);
  assert.match(
    verdict.reason,
    /sent the browser to the OP to sign in again \(http:\/\/127\.0\.0\.1:\d+\/authorize/,
  );
});

test('a redirect to the counterpart after other redirects of the target is caught too', async () => {
  const { verdict, hits } = await revisit('/two-hops');
  assert.equal(hits, 0);
  assert.equal(verdict.signedIn, false);
  assert.match(verdict.reason, /to sign in again/);
});

test('a page that sends the browser to the counterpart by script is stubbed as before', async () => {
  const { verdict, hits } = await revisit('/by-script');
  assert.equal(hits, 0);
  assert.equal(verdict.signedIn, false);
});

test('a success detector that matches the URL alone does not take the stub for the target page', async () => {
  const byUrl = { url: '/landing$' };
  const alive = await revisit('/landing', 'alive', byUrl);
  assert.equal(alive.verdict.signedIn, true, alive.verdict.reason);
  const ended = await revisit('/landing', undefined, byUrl);
  assert.equal(ended.hits, 0);
  assert.equal(ended.verdict.signedIn, false);
});
