import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from '@playwright/test';
import { Keystore } from '../../lib/pki/keystore.ts';
import { chromiumLaunchOptions } from '../../lib/run/browser.ts';
import { loadSamlScenario } from '../../lib/scenario/index.ts';
import type { LoginForm } from '../../lib/target/types.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { fillLoginForm } from '../../suites/idp-target/steps/login-form.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

/*
 * A target profile's loginForm must be able to say how a product signs in when it asks for more
 * than one page: identifier-first (Next before the password) and pages after the password
 * ("Stay signed in?"). The IdP simulator playing Entra ID asks both, AD FS neither.
 */

const keystore = new Keystore(tempWorkspace('login-steps-keys').dir);
const scenario = (id: string) =>
  loadSamlScenario(fileURLToPath(new URL(`../../scenarios/${id}.yaml`, import.meta.url)));
const PLAIN: LoginForm = { username: '#username', password: '#password', submit: '#submitButton' };
const FULL: LoginForm = { ...PLAIN, next: '#nextButton', after: ['#staySignedInYes'] };

let browser: Browser;
const sims: Record<string, RunningIdpSimulator> = {};
/** A product re-authenticating a user it knows: the user name shown as text, the password alone asked. */
let reauth: { server: Server; url: string };

before(async () => {
  for (const id of ['entra', 'adfs'])
    sims[id] = await startIdpSimulator({ scenario: scenario(id), keystore });
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    if (req.method === 'POST') res.end('<p id="signed-in">welcome back</p>');
    else if (req.url === '/pick')
      res.end('<p>Choose how to sign in</p><a id="pick-password" href="/">Log in with a password</a>');
    else
      res.end(
        '<p>Please re-authenticate to continue: <span id="who">kim</span></p><form method="post"><input id="password" name="password" type="password"><button id="submitButton">Sign in</button></form>',
      );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  reauth = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  browser = await chromium.launch(chromiumLaunchOptions());
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(sims)) await s.close();
  reauth?.server.close();
});

const loginUrl = (sim: RunningIdpSimulator) => sim.simulator.context.url(sim.simulator.context.paths.login);

/** Opens the simulator's sign-in page in a new browser and signs its first test user in with `form`. */
async function signIn(id: string, form: LoginForm): Promise<{ page: Page; error?: string }> {
  const sim = sims[id];
  const user = (
    (await (await fetch(`${sim.url}/__accord/test-users`)).json()) as Array<{
      username: string;
      password: string;
    }>
  )[0];
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(3_000);
  await page.goto(loginUrl(sim));
  try {
    await fillLoginForm(page, form, user);
    return { page };
  } catch (e) {
    return { page, error: (e as Error).message };
  }
}

describe('a loginForm with next and after', () => {
  it('signs in where the product asks for the user name first and "Stay signed in?" after', async () => {
    const { page, error } = await signIn('entra', FULL);
    assert.equal(error, undefined);
    await page.locator('#signed-in').waitFor();
    await page.context().close();
  });

  it('signs in where the product asks for both at once and nothing after', async () => {
    const { page, error } = await signIn('adfs', FULL);
    assert.equal(error, undefined);
    await page.locator('#signed-in').waitFor();
    await page.context().close();
  });

  it('without next, the password field of an identifier-first page is never filled', async () => {
    const { page, error } = await signIn('entra', PLAIN);
    assert.match(error ?? '', /#password/);
    assert.equal(await page.locator('#signed-in').count(), 0);
    await page.context().close();
  });

  it('without after, the sign-in stops at "Stay signed in?"', async () => {
    const { page, error } = await signIn('entra', { ...PLAIN, next: '#nextButton' });
    assert.equal(error, undefined);
    await page.locator('#staySignedInYes').waitFor();
    assert.equal(await page.locator('#signed-in').count(), 0);
    await page.context().close();
  });

  it('a page asking for the password alone (re-authentication) is signed in without a user name field', async () => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(3_000);
    await page.goto(reauth.url);
    await fillLoginForm(page, PLAIN, { username: 'kim', password: 'x' });
    await page.locator('#signed-in').waitFor();
    await page.context().close();
  });

  it('before: a page in front of the form (a choice of connector) is passed, and without it the form is never reached', async () => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(3_000);
    await page.goto(`${reauth.url}pick`);
    await fillLoginForm(page, { ...PLAIN, before: ['#pick-password'] }, { username: 'kim', password: 'x' });
    await page.locator('#signed-in').waitFor();
    await page.goto(`${reauth.url}pick`);
    await assert.rejects(
      fillLoginForm(page, PLAIN, { username: 'kim', password: 'x' }),
      /#username|#password/,
    );
    await page.context().close();
  });

  it('a "Stay signed in?" answer without the session the password made is refused', async () => {
    const sim = sims.entra;
    const login = loginUrl(sim);
    const res = await fetch(login, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'staySignedIn=yes',
    });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /Sign in again/);
  });
});
