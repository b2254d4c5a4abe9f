import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CheckResult } from '../../lib/checks/types.ts';
import { buildReport } from '../../reports/conformance-model.ts';
import { printSummary } from '../../reports/print-summary.ts';
import { checkResult } from '../support/check-result.ts';

const ROOT = mkdtempSync(join(tmpdir(), 'accord-summary-'));
after(() => rmSync(ROOT, { recursive: true, force: true }));

const check = checkResult;

function runWith(
  name: string,
  checks: CheckResult[],
  errors: Parameters<typeof buildReport>[1] = [],
): string {
  const dir = join(ROOT, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'conformance.json'), JSON.stringify(buildReport(checks, errors)));
  return dir;
}

function capture(dir: string): { code: number; text: string } {
  const chunks: string[] = [];
  const code = printSummary(dir, { write: (t) => chunks.push(t) });
  return { code, text: chunks.join('') };
}

describe('printSummary', () => {
  it('returns 1 and lists the check when a MUST check failed', () => {
    const { code, text } = capture(
      runWith('must', [check({ status: 'fail', detail: 'accepted' }), check({ id: 'b' })]),
    );
    assert.equal(code, 1);
    assert.match(text, /acme\s+adfs\s+1\s+1\s+0\s+0/);
    assert.match(text, /FAIL\s+MUST\s+acme · adfs\s+sp\.audience/);
  });

  it('returns 0 when only SHOULD checks warn', () => {
    const { code, text } = capture(runWith('should', [check({ level: 'SHOULD', status: 'warn' })]));
    assert.equal(code, 0);
    assert.match(text, /PASSED/);
  });

  it('returns 1 when errors exist beside judged checks', () => {
    const dir = runWith('errors', [check({})], [{ kind: 'test', test: 't', message: 'timedOut' }]);
    assert.equal(capture(dir).code, 1);
  });

  it('returns 3 when an error left nothing judged (an unreachable target)', () => {
    const dir = runWith('unreachable', [], [{ kind: 'global', message: 'fetch failed: connection refused' }]);
    const { code, text } = capture(dir);
    assert.equal(code, 3);
    assert.match(
      text.split('\n')[0],
      /COULD NOT TEST \(nothing was judged: 1 error, the first: fetch failed/,
    );
  });

  it('returns 3 and says COULD NOT TEST first when checks are inconclusive and nothing failed', () => {
    const { code, text } = capture(
      runWith('inconclusive', [
        check({ status: 'inconclusive', detail: 'could not test: the target never sent an AuthnRequest' }),
        check({ id: 'b' }),
      ]),
    );
    assert.equal(code, 3);
    assert.match(
      text.split('\n')[0],
      /^Accord conformance: COULD NOT TEST \(1 check inconclusive in acme · adfs/,
    );
    assert.match(text, /acme\s+adfs\s+1\s+0\s+0\s+0\s+1/);
    assert.match(text, /INCONCLUSIVE\s+MUST\s+acme · adfs\s+sp\.audience .*never sent an AuthnRequest/);
    assert.match(text, /distinct checks per target·scenario/);
  });

  it('returns 1, not 3, when a MUST check failed beside an inconclusive one', () => {
    const { code, text } = capture(
      runWith('both', [check({ status: 'fail' }), check({ id: 'b', status: 'inconclusive' })]),
    );
    assert.equal(code, 1);
    assert.match(text.split('\n')[0], /FAILED \(1 MUST check failed, 1 check could not be tested\)/);
  });

  it('returns 1 with a clear message when there is no report', () => {
    const { code, text } = capture(join(ROOT, 'missing'));
    // No verdict to read: could not test, never a pass, and not a failure of the target.
    assert.equal(code, 3);
    assert.match(text, /no conformance\.json in .*missing: the run did not finish/);
  });
});
