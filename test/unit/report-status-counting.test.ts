import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReport, checkResultProblem, EXIT_CODES, runOutcome } from '../../reports/conformance-model.ts';
import { checkResult as check } from '../support/check-result.ts';

describe('status counting', () => {
  it('gives one verdict per check per project, the worst of its results, and says so', () => {
    const report = buildReport(
      [
        check({ id: 'a', status: 'pass' }),
        check({ id: 'a', status: 'skip' }),
        check({ id: 'b', status: 'pass' }),
        check({ id: 'b', status: 'inconclusive' }),
        check({ id: 'c', status: 'inconclusive' }),
        check({ id: 'c', status: 'fail', level: 'SHOULD' }),
        check({ id: 'a', status: 'inconclusive', scenario: 'entra' }),
      ],
      [],
    );
    // conformance.json's first line is the verdict.
    assert.equal(Object.keys(report)[0], 'verdict');
    assert.match(
      report.verdict ?? '',
      /^COULD NOT TEST \(2 checks inconclusive in acme · adfs, acme · entra:/,
    );
    assert.deepEqual(report.targets[0].verdicts, { a: 'pass', b: 'inconclusive', c: 'fail' });
    assert.deepEqual(report.targets[1].verdicts, { a: 'inconclusive' });
    // Seven results, four distinct checks in two projects: the summary counts checks, not results.
    assert.equal(report.targets[0].checks.length + report.targets[1].checks.length, 7);
    const { counts, ...n } = report.summary;
    assert.match(counts, /distinct checks per target·scenario/);
    assert.deepEqual(n, {
      outcome: 'could-not-test',
      pass: 1,
      fail: 1,
      warn: 0,
      skip: 0,
      inconclusive: 2,
      mustFailed: 0,
      checks: 4,
      // Every row by its own status: these add up to the seven rows.
      results: { total: 7, pass: 2, fail: 1, warn: 0, skip: 1, inconclusive: 3 },
    });
  });

  it('tells the three outcomes apart, a failure winning over could-not-test', () => {
    const outcome = (...statuses: ('pass' | 'fail' | 'inconclusive' | 'warn')[]) =>
      runOutcome(
        buildReport(
          statuses.map((status, i) => check({ id: `c${i}`, status })),
          [],
        ),
      );
    assert.equal(outcome('pass', 'warn'), 'passed');
    assert.equal(outcome('pass', 'inconclusive'), 'could-not-test');
    assert.equal(outcome('fail', 'inconclusive'), 'failed');
    assert.equal(runOutcome(buildReport([check({})], [{ kind: 'run', message: 'interrupted' }])), 'failed');
    assert.deepEqual(EXIT_CODES, { passed: 0, failed: 1, 'could-not-test': 3 });
  });

  it('reads inconclusive as a status of its own in an annotation', () => {
    assert.equal(checkResultProblem(check({ status: 'inconclusive' })), undefined);
    assert.match(
      checkResultProblem({ ...check({}), status: 'broken' }) ?? '',
      /field "status" is not one of/,
    );
  });
});
