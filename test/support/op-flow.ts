import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import * as oc from 'openid-client';
import type { OidcClientRegistration } from '../../lib/admin/oidc-protocol.ts';
import { OpClient } from '../../lib/admin/op-client.ts';
import { Keystore } from '../../lib/pki/keystore.ts';
import { loadOidcScenario } from '../../lib/scenario/index.ts';
import type { ScenarioUser } from '../../lib/scenario/types.ts';
import { type RunningOpSimulator, startOpSimulator } from '../../simulators/op/index.ts';
import type { CookieBrowser } from './cookie-browser.ts';

const REPO = new URL('../../', import.meta.url);

/** A redirect URI nobody serves: the browser stops when the OP sends it there. */
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';
export const POST_LOGOUT_URI = 'http://127.0.0.1:9/signed-out';

export function testClient(id: string, extra: Partial<OidcClientRegistration> = {}): OidcClientRegistration {
  return {
    clientId: id,
    clientSecret: `${id}-secret-of-at-least-thirty-two-bytes`,
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [POST_LOGOUT_URI],
    ...extra,
  };
}

export interface TestOp extends RunningOpSimulator {
  admin: OpClient;
  keystoreDir: string;
}

/** An OP simulator for a shipped scenario on a free port, with a keystore of its own; closed after the file. */
export async function startTestOp(
  scenario: string,
  clients: OidcClientRegistration[],
  keystoreDir = mkdtempSync(join(tmpdir(), 'accord-op-keys-')),
): Promise<TestOp> {
  const sim = await startOpSimulator({
    scenario: loadOidcScenario(new URL(`scenarios/${scenario}.yaml`, REPO).pathname),
    keystore: new Keystore(keystoreDir),
    clients,
  });
  after(async () => {
    await sim.close();
    rmSync(keystoreDir, { recursive: true, force: true });
  });
  return { ...sim, admin: new OpClient(sim.url), keystoreDir };
}

/** openid-client's configuration for a client of the OP, from its discovery document. */
export function discover(op: TestOp, client: OidcClientRegistration): Promise<oc.Configuration> {
  const auth =
    client.tokenEndpointAuthMethod === 'client_secret_post'
      ? oc.ClientSecretPost(client.clientSecret)
      : oc.ClientSecretBasic(client.clientSecret);
  return oc.discovery(new URL(op.info.issuer), client.clientId, undefined, auth, {
    execute: [oc.allowInsecureRequests],
  });
}

export interface AuthorizationChecks {
  state: string;
  nonce: string;
  verifier: string;
}

/** An authorization URL with state, nonce and an S256 code challenge, as a careful client builds it. */
export async function authorizationUrl(config: oc.Configuration, scope = 'openid profile email') {
  const checks: AuthorizationChecks = {
    state: oc.randomState(),
    nonce: oc.randomNonce(),
    verifier: oc.randomPKCECodeVerifier(),
  };
  const url = oc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope,
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await oc.calculatePKCECodeChallenge(checks.verifier),
    code_challenge_method: 'S256',
  });
  return { url, checks };
}

/**
 * Follows an authorization URL: signs `user` in on the login page when the OP shows it, and
 * returns the URL the OP sent the browser back to (the client's redirect_uri with the response).
 */
export async function signIn(browser: CookieBrowser, url: string, user?: ScenarioUser): Promise<URL> {
  const atClient = (u: string) => u.startsWith(REDIRECT_URI);
  const first = await browser.follow(url, atClient);
  if (atClient(first.url)) return new URL(first.url);
  if (!user) throw new Error(`the OP showed a page at ${first.url} and no user was given to sign in`);
  const posted = await browser.post(first.url, { username: user.username, password: user.password });
  const location = posted.headers.get('location');
  if (!location) throw new Error(`login answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
  const back = await browser.follow(new URL(location, first.url).href, atClient);
  if (!atClient(back.url)) throw new Error(`the sign-in ended at ${back.url}, not at the client`);
  return new URL(back.url);
}

/** The token endpoint's answer as sent, without a client library's checks (for forged answers). */
export async function rawTokenRequest(
  op: TestOp,
  client: OidcClientRegistration,
  code: string,
  verifier: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(op.info.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Hidden inputs and action of the first form on a page (the OP's self-submitting forms). */
export function readForm(html: string, base: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form on the page: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g))
    fields[m[1]] = m[2];
  return { action: new URL(action.replace(/&amp;/g, '&'), base).href, fields };
}
