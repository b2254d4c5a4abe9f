import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SpInfo } from '../../lib/admin/protocol.ts';
import { openStateDb } from '../../lib/state/state-db.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import type { SpUser } from '../../simulators/sp/users.ts';
import { UserDirectory } from '../../simulators/sp/users.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';
import { buildResponse, idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

/*
 * Issue 14, defect 9: what an administrator configured survives kill -9. The simulators run as
 * their own processes (main.ts), are killed with SIGKILL mid-life and started again on the same
 * state file.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ks = tempKeystore();
after(() => ks.dispose());
const work = tempWorkspace('state');
const idpKey = ks.keystore.get('idp-state');
const IDP = 'https://idp.example.test/state';

interface Running {
  proc: ChildProcess;
  info: SpInfo;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const p of running) p.kill('SIGKILL');
});

function start(main: string, args: string[]): Promise<Running> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, main), '--port', '0', ...args], {
      cwd: ROOT,
      env: { ...process.env, ACCORD_KEYSTORE: ks.keystore.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(proc);
    let stderr = '';
    proc.stderr!.on('data', (d) => {
      stderr += d;
    });
    proc.once('exit', (code) => reject(new Error(`${main} exited with ${code}: ${stderr}`)));
    createInterface({ input: proc.stdout! }).once('line', (line) => {
      resolve({ proc, info: JSON.parse(line) });
    });
  });
}

function kill9(r: Running): Promise<void> {
  return new Promise((res) => {
    r.proc.removeAllListeners('exit');
    r.proc.once('exit', (_code, signal) => {
      assert.equal(signal, 'SIGKILL');
      running.delete(r.proc);
      res();
    });
    r.proc.kill('SIGKILL');
  });
}

async function signIn(sp: SpInfo, uid: string, groups: string[]): Promise<number> {
  const samlResponse = buildResponse({
    issuer: IDP,
    recipient: sp.acsUrl,
    audience: sp.entityId,
    now: new Date(),
    key: idpKey,
    nameId: uid,
    attributes: { uid: [uid], firstName: ['Kay'], lastName: ['Nine'], groupId: groups },
  });
  const res = await fetch(sp.acsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

test('the reference SP still trusts its IdP and knows its JIT users after kill -9', async () => {
  const state = join(work.dir, 'sp.sqlite');
  const args = ['--org', 'org-state', '--state', state];
  const first = await start('simulators/sp/main.ts', args);
  const trusted = await fetch(`${first.info.baseUrl}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: idpMetadataXml({ entityId: IDP, certPem: idpKey.certPem, ssoUrl: 'https://idp.example.test/sso' }),
  });
  assert.equal(trusted.status, 200);
  assert.equal(await signIn(first.info, 'kay@example.com', ['g1']), 303);
  assert.equal(await signIn(first.info, 'kay@example.com', ['g2']), 303);
  await kill9(first);

  const second = await start('simulators/sp/main.ts', args);
  try {
    const peers = await json<Array<{ entityId: string }>>(`${second.info.baseUrl}/__accord/peers`);
    assert.deepEqual(
      peers.map((p) => p.entityId),
      [IDP],
    );
    const users = await json<SpUser[]>(`${second.info.baseUrl}/__accord/users`);
    const kay = users.filter((u) => u.email === 'kay@example.com');
    assert.equal(kay.length, 1);
    assert.equal(kay[0].source, 'jit');
    assert.deepEqual(kay[0].groups, ['g1', 'g2']);
    // The restarted SP goes on from there: the same user signs in again, and groups still add up.
    assert.equal(await signIn(second.info, 'kay@example.com', ['g3']), 303);
    const again = await json<SpUser[]>(`${second.info.baseUrl}/__accord/users`);
    assert.deepEqual(again.find((u) => u.email === 'kay@example.com')?.groups, ['g1', 'g2', 'g3']);
    assert.equal(again.length, users.length);
  } finally {
    await kill9(second);
  }
});

test('the IdP simulator still trusts its SPs after kill -9', async () => {
  const state = join(work.dir, 'idp.sqlite');
  const args = ['--scenario', 'scenarios/adfs.yaml', '--keystore', ks.keystore.dir, '--state', state];
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-peer' });
  try {
    const first = await start('simulators/idp/main.ts', args);
    const md = await (await fetch(sp.info.metadataUrl)).text();
    assert.equal(
      (await fetch(`${first.info.baseUrl}/__accord/peers`, { method: 'POST', body: md })).status,
      200,
    );
    await kill9(first);
    const second = await start('simulators/idp/main.ts', args);
    try {
      const health = await fetch(`${second.info.baseUrl}/`);
      assert.match(await health.text(), new RegExp(sp.info.entityId.replace(/[.]/g, '\\.')));
    } finally {
      await kill9(second);
    }
  } finally {
    await sp.close();
  }
});

test('without a state file a simulator keeps its state in memory, and a new one starts empty', async () => {
  const a = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-memory' });
  const md = idpMetadataXml({
    entityId: IDP,
    certPem: idpKey.certPem,
    ssoUrl: 'https://idp.example.test/sso',
  });
  await fetch(`${a.url}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: md,
  });
  assert.equal((await json<unknown[]>(`${a.url}/__accord/peers`)).length, 1);
  await a.close();
  const b = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-memory' });
  assert.equal((await json<unknown[]>(`${b.url}/__accord/peers`)).length, 0);
  await b.close();
});

test('concurrent first sign-ins of one new user create one user', async () => {
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-race' });
  try {
    const md = idpMetadataXml({
      entityId: IDP,
      certPem: idpKey.certPem,
      ssoUrl: 'https://idp.example.test/sso',
    });
    await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: md,
    });
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(sp.info, 'new@example.com', [`g${i}`])),
    );
    assert.deepEqual(new Set(statuses), new Set([303]));
    const users = (await json<SpUser[]>(`${sp.url}/__accord/users`)).filter(
      (u) => u.email === 'new@example.com',
    );
    assert.equal(users.length, 1);
    assert.equal(users[0].groups.length, 20, 'every sign-in after the first added its group');
  } finally {
    await sp.close();
  }
});

test('two processes on one state file, both finding no user, still store one', () => {
  const file = join(work.dir, 'race.sqlite');
  const now = () => new Date();
  const a = new UserDirectory(openStateDb({ file }), 'org', [], now);
  const b = new UserDirectory(openStateDb({ file }), 'org', [], now);
  const profile = { uid: 'x@example.com', groupIds: [], groupExternalIds: [] };
  assert.equal(a.findByUid('x@example.com'), undefined);
  assert.equal(b.findByUid('x@example.com'), undefined);
  const first = a.create('x@example.com', profile, IDP);
  const second = b.create('x@example.com', profile, IDP);
  assert.equal(first.created, true);
  assert.equal(second.created, false);
  assert.equal(second.user.id, first.user.id);
  assert.equal(a.list().length, 1);
});
