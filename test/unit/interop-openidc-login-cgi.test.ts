import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LOGIN_CGI } from '../../interop/openidc/login-cgi.ts';
import { CHOICE_DIR, choiceFile } from '../../interop/openidc/provider-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-openidc-login-'));
after(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, CHOICE_DIR));
const script = join(dir, 'login.pl');
writeFileSync(script, LOGIN_CGI);

/** Runs the CGI as Apache would (perl, which the peer's Apache depends on) and splits its answer. */
function login(query: string): { status: string; location?: string; body: string } {
  const run = spawnSync('perl', [script], {
    encoding: 'utf8',
    env: {
      QUERY_STRING: query,
      ACCORD_OP_CHOICE_DIR: join(dir, CHOICE_DIR),
      ACCORD_REDIRECT_URI: 'http://127.0.0.1:8473/protected/redirect_uri',
      ACCORD_TARGET_LINK_URI: 'http://127.0.0.1:8473/protected/echo',
    },
  });
  assert.equal(run.status, 0, run.stderr);
  const [head = '', body = ''] = run.stdout.split('\r\n\r\n');
  const headers = new Map(
    head
      .split('\r\n')
      .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: headers.get('status') ?? '', location: headers.get('location'), body };
}

test("a login with an OP goes to the module's third-party initiated login, under the issuer configured for its origin", () => {
  writeFileSync(choiceFile(dir, 'http://127.0.0.1:9400'), 'http://127.0.0.1:9400/mismatch\n');
  const answer = login(`op=${encodeURIComponent('http://127.0.0.1:9400')}`);
  assert.equal(answer.status, '302 Found');
  const to = new URL(answer.location ?? '');
  assert.equal(`${to.origin}${to.pathname}`, 'http://127.0.0.1:8473/protected/redirect_uri');
  assert.equal(to.searchParams.get('iss'), 'http://127.0.0.1:9400/mismatch');
  assert.equal(to.searchParams.get('target_link_uri'), 'http://127.0.0.1:8473/protected/echo');
  assert.match(answer.location ?? '', /iss=http%3A%2F%2F127\.0\.0\.1%3A9400%2Fmismatch&/);
});

test('an issuer with a path is looked up by its origin', () => {
  writeFileSync(choiceFile(dir, 'http://127.0.0.1:9500'), 'http://127.0.0.1:9500/t/v2.0\n');
  const answer = login('op=http://127.0.0.1:9500/t/v2.0');
  assert.equal(new URL(answer.location ?? '').searchParams.get('iss'), 'http://127.0.0.1:9500/t/v2.0');
});

test('no op, or an OP not configured, is a 4xx naming the parameter', () => {
  const missing = login('');
  assert.equal(missing.status, '400 Bad Request');
  assert.match(missing.body, /^op: /);
  const notUrl = login('op=javascript:alert(1)');
  assert.equal(notUrl.status, '400 Bad Request');
  const unknown = login('op=http://127.0.0.1:9999');
  assert.equal(unknown.status, '404 Not Found');
  assert.match(unknown.body, /^op: no OP at http:\/\/127\.0\.0\.1:9999 is configured here/);
});
