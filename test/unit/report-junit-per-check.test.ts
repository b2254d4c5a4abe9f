import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { buildReport } from '../../reports/conformance-model.ts';
import { junitPerCheck } from '../../reports/junit-per-check.ts';
import { checkResult as check } from '../support/check-result.ts';

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  assert.ok(root, 'junit.xml must parse');
  const cases = Array.from(doc.getElementsByTagName('testcase'));
  return { root, cases };
}

describe('junit.xml, one test case per check', () => {
  const report = buildReport(
    [
      check({ id: 'SP-SSO-01', binding: 'HTTP-Redirect', test: 'login over redirect' }),
      check({ id: 'SP-SSO-01', binding: 'HTTP-POST', test: 'login over post' }),
      check({ id: 'SP-SEC-AUDIENCE', status: 'fail', detail: 'signed in alice <x>' }),
      check({ id: 'SP-SEC-REPLAY', level: 'SHOULD', status: 'warn', detail: 'no replay cache' }),
      check({ id: 'SP-JIT-01', status: 'skip', detail: 'the profile declares no jit' }),
      check({ id: 'SP-SLO-01', status: 'inconclusive', detail: 'the sign-in before it broke' }),
    ],
    [],
    { accordVersion: '9.9.9', runs: { acme·adfs: { url: 'https://sp.example.test', profile: 'acme.yaml' } } },
  );
  const { root, cases } = parse(junitPerCheck(report));

  it('names the verdict and counts every row', () => {
    assert.match(root.getAttribute('name') ?? '', /^Accord conformance: FAILED/);
    assert.equal(cases.length, 6);
    assert.equal(root.getAttribute('tests'), '6');
    assert.equal(root.getAttribute('failures'), '1');
    assert.equal(root.getAttribute('errors'), '1');
    assert.equal(root.getAttribute('skipped'), '1');
  });

  it('puts the id, level and clause in the failure message', () => {
    const failure = cases.flatMap((c) => Array.from(c.getElementsByTagName('failure')));
    assert.equal(failure.length, 1);
    assert.equal(
      failure[0].getAttribute('message'),
      'SP-SEC-AUDIENCE (MUST, SAML core 2.5.1.4): signed in alice <x>',
    );
  });

  it('tells rows of one check from two bindings apart, and reports the run', () => {
    const names = cases.map((c) => c.getAttribute('name'));
    assert.ok(names.some((n) => n?.startsWith('SP-SSO-01 [HTTP-Redirect]')));
    assert.ok(names.some((n) => n?.startsWith('SP-SSO-01 [HTTP-POST]')));
    const props = Array.from(root.getElementsByTagName('property')).map(
      (p) => `${p.getAttribute('name')}=${p.getAttribute('value')}`,
    );
    assert.ok(props.includes('url=https://sp.example.test'));
    assert.ok(props.includes('accordVersion=9.9.9'));
  });

  it('maps inconclusive to an error and a skip to skipped, a warning to a pass that says so', () => {
    const byId = (id: string) => cases.find((c) => c.getAttribute('name')?.startsWith(id))!;
    assert.match(
      byId('SP-SLO-01').getElementsByTagName('error')[0]?.getAttribute('message') ?? '',
      /^could not test SP-SLO-01 \(MUST/,
    );
    assert.equal(
      byId('SP-JIT-01').getElementsByTagName('skipped')[0]?.getAttribute('message'),
      'the profile declares no jit',
    );
    const warn = byId('SP-SEC-REPLAY');
    assert.equal(warn.getElementsByTagName('failure').length + warn.getElementsByTagName('error').length, 0);
    assert.match(warn.getElementsByTagName('system-out')[0]?.textContent ?? '', /^WARNING SP-SEC-REPLAY/);
  });

  it('never reads as green when nothing was judged', () => {
    const empty = parse(junitPerCheck(buildReport([], [])));
    assert.equal(empty.root.getAttribute('tests'), '1');
    assert.equal(empty.root.getAttribute('errors'), '1');
    const broken = parse(
      junitPerCheck(
        buildReport(
          [],
          [{ kind: 'test', project: 'acme·adfs', file: 'acme.yaml', test: 't', message: 'timedOut' }],
        ),
      ),
    );
    assert.equal(broken.root.getAttribute('errors'), '1');
    assert.match(broken.root.getAttribute('name') ?? '', /COULD NOT TEST \(nothing was judged/);
  });
});
