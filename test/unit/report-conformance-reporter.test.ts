import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import { CHECK_ANNOTATION, type CheckResult } from '../../lib/checks/types.ts';
import { PROJECT_ANNOTATION } from '../../lib/run/plan.ts';
import type { ConformanceReport } from '../../reports/conformance-model.ts';
import { SUMMARY_COUNTS } from '../../reports/conformance-model.ts';
import ConformanceReporter from '../../reports/conformance-reporter.ts';
import { checkResult } from '../support/check-result.ts';

const ROOT = mkdtempSync(join(tmpdir(), 'accord-reporter-'));
let outDir = '';
let n = 0;
const savedOut = process.env.ACCORD_OUT;

beforeEach(() => {
  outDir = join(ROOT, `run-${++n}`);
  process.env.ACCORD_OUT = outDir;
});
afterEach(() => {
  if (savedOut === undefined) delete process.env.ACCORD_OUT;
  else process.env.ACCORD_OUT = savedOut;
});
after(() => rmSync(ROOT, { recursive: true, force: true }));

const check = (over: Partial<CheckResult>) =>
  checkResult({ detail: 'rejected an assertion for another audience', ...over });

function fakeTest(title: string, project = 'acme·adfs', id = title): TestCase {
  return {
    id,
    title,
    titlePath: () => ['', project, 'sp-target/login.spec.ts', 'login', title],
    location: { file: join(process.cwd(), 'suites/sp-target/login.spec.ts'), line: 12, column: 3 },
    expectedStatus: 'passed',
    annotations: [],
    parent: {
      title: 'login',
      project: () => undefined,
      parent: { title: project, project: () => ({ name: project }) },
    },
  } as unknown as TestCase;
}

function fakeResult(status: TestResult['status'], checks: CheckResult[] = [], error?: string): TestResult {
  return {
    status,
    retry: 0,
    annotations: checks.map((c) => ({ type: CHECK_ANNOTATION, description: JSON.stringify(c) })),
    error: error ? { message: error } : undefined,
    errors: error ? [{ message: error }] : [],
  } as unknown as TestResult;
}

async function finish(
  r: ConformanceReporter,
  status: FullResult['status'] = 'passed',
): Promise<{ status: string; report: ConformanceReport; printed: string }> {
  const out = await r.onEnd({ status, startTime: new Date(), duration: 1 });
  const report = JSON.parse(readFileSync(join(outDir, 'conformance.json'), 'utf8')) as ConformanceReport;
  return { status: out.status, report, printed: printed.join('') };
}

let printed: string[] = [];
function reporter(): ConformanceReporter {
  printed = [];
  return new ConformanceReporter({ write: (t) => printed.push(t) });
}

describe('ConformanceReporter', () => {
  it('fails the run on a MUST failure and writes conformance.json to ACCORD_OUT', async () => {
    const r = reporter();
    r.onTestEnd(
      fakeTest('audience'),
      fakeResult('failed', [check({ status: 'fail', detail: 'accepted it' })], 'x'),
    );
    r.onTestEnd(fakeTest('signature'), fakeResult('passed', [check({ id: 'sp.signature' })]));
    const { status, report, printed } = await finish(r);
    assert.equal(status, 'failed');
    assert.deepEqual(report.summary, {
      counts: SUMMARY_COUNTS,
      outcome: 'failed',
      pass: 1,
      fail: 1,
      warn: 0,
      skip: 0,
      inconclusive: 0,
      mustFailed: 1,
      checks: 2,
      results: { total: 2, pass: 1, fail: 1, warn: 0, skip: 0, inconclusive: 0 },
    });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.targets.map((t) => [t.target, t.scenario, t.checks.map((c) => c.id)]),
      [['acme', 'adfs', ['sp.audience', 'sp.signature']]],
    );
    assert.match(
      printed,
      /FAIL\s+MUST\s+acme · adfs\s+sp\.audience\s+SP enforces AudienceRestriction — accepted it/,
    );
    assert.match(printed, /Result: FAILED \(1 MUST check failed\)/);
  });

  it('passes when only SHOULD checks warn', async () => {
    const r = reporter();
    r.onTestEnd(
      fakeTest('replay'),
      fakeResult('passed', [
        check({ id: 'sp.replay', level: 'SHOULD', status: 'warn', detail: 'no replay cache' }),
      ]),
    );
    r.onTestEnd(fakeTest('audience'), fakeResult('passed', [check({})]));
    const { status, report, printed } = await finish(r);
    assert.equal(status, 'passed');
    assert.deepEqual(report.summary, {
      counts: SUMMARY_COUNTS,
      outcome: 'passed',
      pass: 1,
      fail: 0,
      warn: 1,
      skip: 0,
      inconclusive: 0,
      mustFailed: 0,
      checks: 2,
      results: { total: 2, pass: 1, fail: 0, warn: 1, skip: 0, inconclusive: 0 },
    });
    assert.match(printed, /WARN\s+SHOULD\s+acme · adfs\s+sp\.replay/);
    assert.match(printed, /Result: PASSED \(1 warning: SHOULD failures or known findings\)/);
  });

  it('reports a failed test without any check as an error', async () => {
    const r = reporter();
    r.onTestEnd(
      fakeTest('crashes'),
      fakeResult('timedOut', [], '\u001b[31mTest timeout of 30000ms exceeded.\u001b[39m'),
    );
    r.onTestEnd(fakeTest('ok'), fakeResult('passed', [check({})]));
    const { status, report, printed } = await finish(r, 'failed');
    assert.equal(status, 'failed');
    assert.equal(report.summary.mustFailed, 0);
    assert.equal(report.errors.length, 1);
    assert.deepEqual(report.errors[0], {
      kind: 'test',
      project: 'acme·adfs',
      target: 'acme',
      scenario: 'adfs',
      test: 'login › crashes',
      file: 'suites/sp-target/login.spec.ts',
      line: 12,
      status: 'timedOut',
      message: 'timedOut without recording any check: Test timeout of 30000ms exceeded.',
    });
    assert.match(
      printed,
      /ERROR acme·adfs suites\/sp-target\/login\.spec\.ts:12 › login › crashes \[timedOut\]/,
    );
  });

  it('names the project of a test grouped under it in the one Playwright project', async () => {
    const r = reporter();
    const grouped = {
      ...fakeTest('crashes', ''),
      titlePath: () => ['', '', 'sp-target/login.spec.ts', 'acme·entra', 'crashes'],
      annotations: [{ type: PROJECT_ANNOTATION, description: 'acme·entra' }],
    } as unknown as TestCase;
    r.onTestEnd(grouped, fakeResult('failed', [], 'boom'));
    const { report } = await finish(r, 'failed');
    assert.deepEqual(
      { ...report.errors[0], message: undefined },
      {
        kind: 'test',
        project: 'acme·entra',
        target: 'acme',
        scenario: 'entra',
        test: 'crashes',
        file: 'suites/sp-target/login.spec.ts',
        line: 12,
        status: 'failed',
        message: undefined,
      },
    );
  });

  it('reports a failed test whose checks all passed as an error', async () => {
    const r = reporter();
    r.onTestEnd(
      fakeTest('half'),
      fakeResult('failed', [check({})], 'page.goto: net::ERR_CONNECTION_REFUSED'),
    );
    const { status, report } = await finish(r, 'failed');
    assert.equal(status, 'failed');
    assert.match(report.errors[0].message, /no failing check to explain it: page\.goto/);
  });

  it('keeps only the final attempt of a retried test', async () => {
    const r = reporter();
    const t = fakeTest('flaky');
    r.onTestEnd(t, fakeResult('failed', [check({ status: 'fail' })], 'first try'));
    r.onTestEnd(t, fakeResult('passed', [check({})]));
    const { status, report } = await finish(r, 'passed');
    assert.equal(status, 'passed');
    assert.deepEqual(report.summary, {
      counts: SUMMARY_COUNTS,
      outcome: 'passed',
      pass: 1,
      fail: 0,
      warn: 0,
      skip: 0,
      inconclusive: 0,
      mustFailed: 0,
      checks: 1,
      results: { total: 1, pass: 1, fail: 0, warn: 0, skip: 0, inconclusive: 0 },
    });
    assert.equal(report.targets[0].checks.length, 1);
  });

  it('keeps every entry of a check id but counts it failed once if any entry failed', async () => {
    const r = reporter();
    r.onTestEnd(fakeTest('b'), fakeResult('passed', [check({ detail: 'ok in b' })]));
    r.onTestEnd(fakeTest('a'), fakeResult('failed', [check({ status: 'fail', detail: 'bad in a' })], 'x'));
    r.onTestEnd(fakeTest('c'), fakeResult('passed', [check({ detail: 'ok in c' })]));
    r.onTestEnd(fakeTest('z', 'acme·entra'), fakeResult('passed', [check({ scenario: 'entra' })]));
    const { report } = await finish(r);
    assert.deepEqual(report.summary, {
      counts: SUMMARY_COUNTS,
      outcome: 'failed',
      pass: 1,
      fail: 1,
      warn: 0,
      skip: 0,
      inconclusive: 0,
      mustFailed: 1,
      checks: 2,
      results: { total: 4, pass: 3, fail: 1, warn: 0, skip: 0, inconclusive: 0 },
    });
    assert.deepEqual(
      report.targets.map((t) => [t.scenario, t.checks.map((c) => c.detail)]),
      [
        ['adfs', ['bad in a', 'ok in b', 'ok in c']],
        ['entra', ['rejected an assertion for another audience']],
      ],
    );
  });

  it('sorts by target, scenario and check id whatever order tests finished in', async () => {
    const results = [
      fakeResult('passed', [check({ target: 'zeta', id: 'b' })]),
      fakeResult('passed', [check({ target: 'alpha', scenario: 'pf', id: 'c' })]),
      fakeResult('passed', [
        check({ target: 'alpha', scenario: 'adfs', id: 'b' }),
        check({ target: 'alpha', id: 'a' }),
      ]),
    ];
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
    ];
    const files: string[] = [];
    for (const order of orders) {
      const r = reporter();
      for (const i of order) r.onTestEnd(fakeTest(`t${i}`), results[i]);
      const { report } = await finish(r);
      files.push(JSON.stringify({ ...report, generatedAt: '' }));
      assert.deepEqual(
        report.targets.map((t) => `${t.target}/${t.scenario}:${t.checks.map((c) => c.id).join(',')}`),
        ['alpha/adfs:a,b', 'alpha/pf:c', 'zeta/adfs:b'],
      );
    }
    assert.equal(files[0], files[1]);
  });

  it('treats a malformed check annotation, a global error and an interrupted run as errors', async () => {
    const r = reporter();
    const bad = fakeResult('passed');
    bad.annotations.push({ type: CHECK_ANNOTATION, description: '{not json' });
    bad.annotations.push({
      type: CHECK_ANNOTATION,
      description: JSON.stringify({ id: 'x', status: 'great' }),
    });
    r.onTestEnd(fakeTest('bad'), bad);
    r.onError({ message: 'Error: No tests found' });
    const { status, report } = await finish(r, 'interrupted');
    assert.equal(status, 'failed');
    assert.deepEqual(
      report.errors.map((e) => e.kind),
      ['global', 'run', 'annotation', 'annotation'],
    );
    assert.match(report.errors[2].message, /not JSON|field/);
  });

  it('does not count an expected failure or a skipped test as an error', async () => {
    const r = reporter();
    const expectedFail = fakeTest('known bug');
    (expectedFail as { expectedStatus: string }).expectedStatus = 'failed';
    r.onTestEnd(expectedFail, fakeResult('failed', [], 'boom'));
    r.onTestEnd(fakeTest('n/a'), fakeResult('skipped', [check({ status: 'skip', detail: 'no SLO' })]));
    const { status, report } = await finish(r);
    assert.equal(status, 'passed');
    assert.deepEqual(report.errors, []);
    assert.equal(report.summary.skip, 1);
  });

  it('prints no escape sequences and neutralises hostile text when colour is off', async () => {
    const r = reporter();
    r.onTestEnd(
      fakeTest('evil'),
      fakeResult(
        'failed',
        [check({ status: 'fail', detail: 'got \u001b[2J\u001b]0;pwned\u0007 and\nnewline\u202e' })],
        'x',
      ),
    );
    const { printed } = await finish(r);
    assert.ok(!printed.includes('\u001b'));
    assert.ok(!printed.includes('\u202e'));
    assert.match(printed, /got �\[2J�\]0;pwned� and newline�/);
  });
});
