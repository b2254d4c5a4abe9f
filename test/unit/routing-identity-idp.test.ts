import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { CookieBrowser } from '../support/cookie-browser.ts';
import { tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());

const ALICE = { email: 'alice@org.test', password: 'Alice-Pass-1', firstName: 'Alice', lastName: 'Org' };

function putUsers(sp: RunningSp, body: unknown): Promise<Response> {
  return fetch(`${sp.url}/__accord/routing/identity-users`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the built-in identity IdP (password sign-in)', () => {
  let sp: RunningSp;
  before(async () => {
    sp = await startSpSimulator({
      keystore: ks.keystore,
      orgId: 'org-identity',
      jit: { create: false, update: true },
    });
    assert.equal((await putUsers(sp, { users: [ALICE] })).status, 200);
  });
  after(() => sp.close());

  test('the admin API keeps no password and names a bad field', async () => {
    const listed = await (await fetch(`${sp.url}/__accord/routing/identity-users`)).json();
    assert.deepEqual(listed, { users: [{ email: ALICE.email, firstName: 'Alice', lastName: 'Org' }] });
    const bad = await putUsers(sp, { users: [{ email: 'no-at-sign', password: 'x' }] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /\/users\/0\/email/);
    const twice = await putUsers(sp, { users: [ALICE, { ...ALICE, email: 'ALICE@org.test' }] });
    assert.equal(twice.status, 400);
    assert.match(((await twice.json()) as { error: string }).error, /\/users\/1\/email/);
  });

  test('a wrong password or an unknown address is refused with a clear message, and signs no one in', async () => {
    const b = new CookieBrowser();
    for (const form of [
      { email: ALICE.email, password: 'wrong' },
      { email: 'nobody@org.test', password: ALICE.password },
    ]) {
      const res = await b.post(`${sp.url}/identity/login`, form);
      assert.equal(res.status, 401);
      assert.match(await res.text(), /email address or the password is wrong/);
    }
    assert.equal((await b.post(`${sp.url}/identity/login`, { email: ALICE.email })).status, 400);
    assert.equal((await b.get(`${sp.url}/me`)).status, 401);
  });

  test('the right password signs the user in like an IdP, through provisioning (JIT creation off)', async () => {
    const b = new CookieBrowser();
    const res = await b.post(`${sp.url}/identity/login`, {
      email: 'Alice@org.test',
      password: ALICE.password,
      RelayState: '/me?from=identity',
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/me?from=identity');
    const me = await b.get(`${sp.url}/me`);
    assert.equal(me.status, 200);
    const html = await me.text();
    assert.match(html, /data-email="alice@org.test"/);
    assert.match(html, /data-idp="builtin"/);
  });

  test('a Test SSO sign-in reports success and starts no session', async () => {
    const b = new CookieBrowser();
    const res = await b.post(`${sp.url}/identity/login`, { ...ALICE, test: '1' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Test SSO setup succeeded/);
    assert.equal((await b.get(`${sp.url}/me`)).status, 401);
  });
});
