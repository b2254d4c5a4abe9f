import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import { tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
const dir = mkdtempSync(join(tmpdir(), 'accord-sp-restart-'));
after(() => {
  ks.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** What an administrator configured survives a restart with the same keystore and state file. */
test('the renewal under way, the test CA and the metadata trust settings survive a restart', async () => {
  const start = () =>
    startSpSimulator({
      keystore: ks.keystore,
      orgId: 'org-restart',
      state: { file: join(dir, 'state.sqlite') },
    });
  const call = async <T = string>(url: string, path: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await (res.headers.get('content-type')?.includes('json') ? res.json() : res.text())) as T;
  };
  const first = await start();
  let ca: string;
  let renewal: { next: { fingerprint256: string; type: string }; idpsUpdated: boolean };
  try {
    ca = await call(first.url, '/__accord/certificates/ca');
    await call<unknown>(first.url, '/__accord/certificates/renew', 'POST', {
      idpSupport: 'multiple',
      type: 'ca-signed',
    });
    renewal = (
      await call<{ renewal: typeof renewal }>(first.url, '/__accord/certificates/idps-updated', 'POST', {})
    ).renewal;
    await call<unknown>(first.url, '/__accord/metadata-trust', 'PUT', {
      security: 'more',
      trustAnchors: [ca],
    });
  } finally {
    await first.close();
  }
  const second = await start();
  try {
    assert.equal(await call(second.url, '/__accord/certificates/ca'), ca, 'the same test CA');
    const view = await call<{ renewal: typeof renewal; signingWith: string }>(
      second.url,
      '/__accord/certificates',
    );
    assert.equal(view.renewal?.next.fingerprint256, renewal.next.fingerprint256, 'the same renewal key');
    assert.equal(view.renewal?.next.type, 'ca-signed');
    assert.equal(view.signingWith, 'next', 'still signing with the new key');
    assert.deepEqual(await call<unknown>(second.url, '/__accord/metadata-trust'), {
      security: 'more',
      trustAnchors: [ca],
    });
    const done = await call<{ current: { fingerprint256: string }; retired: unknown[]; renewal: null }>(
      second.url,
      '/__accord/certificates/finish',
      'POST',
      {},
    );
    assert.equal(
      done.current.fingerprint256,
      renewal.next.fingerprint256,
      'finish promotes the restored key',
    );
    assert.equal(done.retired.length, 1);
  } finally {
    await second.close();
  }
});
