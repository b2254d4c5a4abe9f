import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { defectProfile, runAccord } from './run-accord.ts';

/*
 * An SP whose login page asks for the email address before it sends the browser to the IdP (the
 * seed's identity service does) cannot be started by a URL alone: its profile says what to fill
 * and press (login.startForm). The reference SP's email-first page, /signin, is such a start; its
 * routing sends every address of a one-IdP organisation to that IdP (the default rule).
 */
function emailFirst(name: string, startForm: boolean): string {
  const file = defectProfile('targets/reference-sp.yaml', name, []);
  const doc = parse(readFileSync(file, 'utf8'));
  doc.capabilities.bindings = ['redirect'];
  doc.login.start = { redirect: '{base_url}/signin' };
  delete doc.login.relayState;
  if (startForm) doc.login.startForm = { fill: { '#email': '{email}' }, submit: 'button[type=submit]' };
  writeFileSync(file, stringify(doc));
  return file;
}

const args = ['--scenario', 'scenarios/adfs.yaml', '--check', 'SP-SSO-01', '--no-report'];

test('an email-first start page: with login.startForm the SP-initiated checks are judged and pass', () => {
  const run = runAccord(['--target', emailFirst('email-first', true), ...args]);
  assert.equal(run.code, 0, run.stdout);
  const judged = run.report.targets.flatMap((t) => t.checks).filter((c) => c.status === 'pass');
  assert.ok(
    judged.some((c) => c.id === 'SP-SSO-01'),
    run.stdout,
  );
});

test('the same page without login.startForm: nothing leaves it, every check is inconclusive and says where it stopped', () => {
  const run = runAccord(['--target', emailFirst('email-first-bare', false), ...args]);
  assert.equal(run.code, 3, run.stdout);
  const checks = run.report.targets.flatMap((t) => t.checks);
  assert.ok(checks.length > 0);
  for (const c of checks.filter((x) => x.status !== 'skip')) {
    assert.equal(c.status, 'inconclusive', `${c.id}: ${c.status}`);
    assert.match(c.detail ?? '', /\/signin/);
    assert.match(c.detail ?? '', /login\.startForm/);
  }
});
