import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import * as oc from 'openid-client';
import { OpClient } from '../../lib/admin/op-client.ts';
import { Keystore } from '../../lib/pki/keystore.ts';
import { loadOidcScenario } from '../../lib/scenario/index.ts';
import { startOpSimulator } from '../../simulators/op/index.ts';
import { CookieBrowser } from '../support/cookie-browser.ts';
import {
  authorizationUrl,
  discover,
  POST_LOGOUT_URI,
  readForm,
  signIn,
  type TestOp,
  testClient,
} from '../support/op-flow.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-op-keys-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scenario = loadOidcScenario(new URL('../../scenarios/generic-oidc.yaml', import.meta.url).pathname);
const client = testClient('rp-keys');

async function start(extra: Partial<Parameters<typeof startOpSimulator>[0]> = {}): Promise<TestOp> {
  const sim = await startOpSimulator({ scenario, keystore: new Keystore(dir), clients: [client], ...extra });
  return { ...sim, admin: new OpClient(sim.url), keystoreDir: dir };
}

const jwksOf = async (op: TestOp) => (await (await fetch(op.info.jwksUri)).json()) as JSONWebKeySet;

async function login(op: TestOp, browser = new CookieBrowser()) {
  const config = await discover(op, client);
  const { url, checks } = await authorizationUrl(config);
  const tokens = await oc.authorizationCodeGrant(config, await signIn(browser, url.href, scenario.users[0]), {
    pkceCodeVerifier: checks.verifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
  });
  return { config, tokens, browser };
}

describe('OP signing keys through the simulator', () => {
  it('persist across a restart: a token of the first run verifies against the second run’s JWKS', async () => {
    const first = await start();
    const before = await jwksOf(first);
    const { tokens } = await login(first);
    const state = await first.admin.keys();
    await first.close();

    const second = await start();
    after(() => second.close());
    assert.deepEqual(await jwksOf(second), before);
    assert.deepEqual(await second.admin.keys(), state);
    // The issuer moved with the port; the key did not.
    await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(await jwksOf(second)));
  });

  it('registered clients survive a restart with a state file, and can be removed', async () => {
    const state = { file: join(dir, 'op-state.sqlite') };
    const first = await start({ state, clients: [] });
    await first.admin.registerClient(testClient('rp-kept'));
    await first.close();
    const second = await start({ state, clients: [] });
    after(() => second.close());
    const { url } = await authorizationUrl(await discover(second, testClient('rp-kept')));
    const page = await new CookieBrowser().get(url.href);
    assert.equal(page.status, 303, 'a known client is sent to the login page');
    const del = await fetch(`${second.url}/__accord/clients/rp-kept`, { method: 'DELETE' });
    assert.equal(del.status, 204);
    assert.equal((await new CookieBrowser().get(url.href)).status, 400, 'and, once removed, refused');
    assert.equal((await fetch(`${second.url}/__accord/clients/rp-kept`, { method: 'DELETE' })).status, 404);
  });

  it('rotate: the next key signs from now on, the old one stays published, and its tokens stay valid hints', async () => {
    const op = await start();
    after(() => op.close());
    const { config, tokens, browser } = await login(op);
    const old = await op.admin.keys();
    assert.equal(decodeProtectedHeader(tokens.id_token ?? '').kid, old.current);

    const rotated = await op.admin.rotateKeys();
    assert.equal(rotated.current, old.next);
    assert.deepEqual(rotated.retired, [old.current]);
    const kids = (await jwksOf(op)).keys.map((k) => k.kid);
    assert.deepEqual(kids, [rotated.current, rotated.next, old.current]);

    const fresh = await login(op);
    assert.equal(decodeProtectedHeader(fresh.tokens.id_token ?? '').kid, rotated.current);
    await jwtVerify(tokens.id_token ?? '', createLocalJWKSet(await jwksOf(op)));

    // The provider took the new keys too: the pre-rotation ID token is still a valid id_token_hint.
    const end = oc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: POST_LOGOUT_URI,
    });
    const page = await browser.get(end.href);
    assert.equal(page.status, 200);
    const form = readForm(await page.text(), end.href);
    const done = await browser.post(form.action, form.fields);
    assert.equal(done.headers.get('location'), POST_LOGOUT_URI);

    const again = await op.admin.rotateKeys();
    assert.deepEqual(again.retired, [rotated.current]);
    assert.ok(!(await jwksOf(op)).keys.some((k) => k.kid === old.current), 'retired twice: unpublished');
    assert.deepEqual(await op.admin.keys(), again);
  });

  it('a rotated-key plan publishes its key at once and leaves the other keys and flows alone', async () => {
    const op = await start();
    after(() => op.close());
    const state = await op.admin.keys();
    const before = (await jwksOf(op)).keys.length;
    await op.admin.planFlow('rotation', { forge: 'rotated-key' });
    const after1 = await jwksOf(op);
    assert.equal(after1.keys.length, before + 1);
    assert.deepEqual(await op.admin.keys(), state, 'current, next and retired unchanged');
    const added = after1.keys.at(-1)?.kid;

    const config = await discover(op, client);
    const { url, checks } = await authorizationUrl(config);
    const tokens = await oc.authorizationCodeGrant(
      config,
      await signIn(new CookieBrowser('rotation'), url.href, scenario.users[0]),
      { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce },
    );
    assert.equal(decodeProtectedHeader(tokens.id_token ?? '').kid, added);
    // Another flow at the same time is signed by the current key as before.
    assert.equal(decodeProtectedHeader((await login(op)).tokens.id_token ?? '').kid, state.current);
  });
});
