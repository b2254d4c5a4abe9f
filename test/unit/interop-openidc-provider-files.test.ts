import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CHOICE_DIR,
  choiceFile,
  METADATA_DIR,
  metadataFileName,
  writeProviderFiles,
} from '../../interop/openidc/provider-files.ts';
import { workerAccount } from '../../interop/shared/run-dir.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-openidc-files-'));
  dirs.push(dir);
  mkdirSync(join(dir, METADATA_DIR));
  mkdirSync(join(dir, CHOICE_DIR));
  return dir;
}

const op = {
  discoveryUrl: 'http://127.0.0.1:9400/.well-known/openid-configuration',
  clientId: 'accord-mod-auth-openidc',
  clientSecret: 'c2VjcmV0-~!',
};
const DOC = '{"issuer":"http://127.0.0.1:9400","authorization_endpoint":"http://127.0.0.1:9400/auth"}';

test('file names are mod_auth_openidc\'s: scheme and trailing "/" dropped, curl-escaped', () => {
  assert.equal(metadataFileName('http://127.0.0.1:9400'), '127.0.0.1%3A9400');
  assert.equal(metadataFileName('https://127.0.0.1:9400/'), '127.0.0.1%3A9400');
  assert.equal(
    metadataFileName('http://127.0.0.1:9401/4d7c2b1e-8f3a/v2.0'),
    '127.0.0.1%3A9401%2F4d7c2b1e-8f3a%2Fv2.0',
  );
  assert.equal(metadataFileName('http://h/é~_'), 'h%2F%C3%A9~_');
});

test('an OP is filed under the issuer its discovery URL names, the document verbatim, the client beside it', () => {
  const dir = runDir();
  const issuer = writeProviderFiles(dir, workerAccount(), op, DOC);
  assert.equal(issuer, 'http://127.0.0.1:9400');
  const base = join(dir, METADATA_DIR, '127.0.0.1%3A9400');
  assert.equal(readFileSync(`${base}.provider`, 'utf8'), DOC);
  assert.deepEqual(JSON.parse(readFileSync(`${base}.client`, 'utf8')), {
    client_id: op.clientId,
    client_secret: op.clientSecret,
    token_endpoint_auth_method: 'client_secret_basic',
  });
  assert.equal(statSync(`${base}.client`).mode & 0o077, 0, 'the client secret is readable by its owner only');
  assert.equal(readFileSync(choiceFile(dir, 'http://127.0.0.1:9400'), 'utf8'), `${issuer}\n`);
  assert.deepEqual(
    readdirSync(join(dir, METADATA_DIR)).filter((f) => f.endsWith('.part')),
    [],
  );
});

test('handing the same OP another discovery URL replaces its configuration; other OPs keep theirs', () => {
  const dir = runDir();
  const other = { ...op, discoveryUrl: 'http://127.0.0.1:9500/t/v2.0/.well-known/openid-configuration' };
  writeProviderFiles(dir, workerAccount(), op, DOC);
  writeProviderFiles(dir, workerAccount(), other, '{}');
  const moved = { ...op, discoveryUrl: 'http://127.0.0.1:9400/mismatch/.well-known/openid-configuration' };
  assert.equal(writeProviderFiles(dir, workerAccount(), moved, DOC), 'http://127.0.0.1:9400/mismatch');
  const meta = join(dir, METADATA_DIR);
  assert.equal(existsSync(join(meta, '127.0.0.1%3A9400.provider')), false);
  assert.equal(readFileSync(join(meta, '127.0.0.1%3A9400%2Fmismatch.provider'), 'utf8'), DOC);
  assert.equal(existsSync(join(meta, '127.0.0.1%3A9500%2Ft%2Fv2.0.client')), true);
  assert.equal(
    readFileSync(choiceFile(dir, 'http://127.0.0.1:9400'), 'utf8'),
    'http://127.0.0.1:9400/mismatch\n',
  );
});

test('bad settings are refused, naming the setting, and nothing is written', () => {
  const dir = runDir();
  const cases: Array<[Partial<typeof op>, RegExp]> = [
    [{ clientSecret: 's\nx' }, /^client secret: /],
    [{ clientId: '' }, /^client id: /],
    [{ discoveryUrl: 'not a url' }, /^discovery URL: not a URL/],
    [{ discoveryUrl: 'file:///etc/passwd' }, /^discovery URL: must be http or https/],
  ];
  for (const [change, message] of cases) {
    assert.throws(
      () => writeProviderFiles(dir, workerAccount(), { ...op, ...change }, DOC),
      (e: Error) => message.test(e.message),
      JSON.stringify(change),
    );
  }
  assert.deepEqual(readdirSync(join(dir, METADATA_DIR)), []);
});
