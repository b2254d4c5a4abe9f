import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FLOWS } from '../../lib/checks/flows.ts';
import { PROTOCOL_ROLES } from '../../lib/protocol/roles.ts';
import { buildReport } from '../../reports/conformance-model.ts';
import { CONFORMANCE_SCHEMA_PATH, conformanceProblems } from '../../reports/validate-conformance.ts';
import { checkResult as check } from '../support/check-result.ts';

const schema = JSON.parse(readFileSync(CONFORMANCE_SCHEMA_PATH, 'utf8'));

function sample() {
  return buildReport(
    [
      check({ id: 'SP-SSO-01', test: 'login', binding: 'HTTP-Redirect' }),
      check({ id: 'SP-SSO-01', test: 'login', binding: 'HTTP-POST', status: 'fail' }),
      check({ id: 'SP-IDPI-01', test: 'IdP-initiated login', flow: 'idp-initiated' }),
    ],
    [
      {
        kind: 'test',
        project: 'acme·adfs',
        file: 'targets/acme.yaml',
        source: 'suites/x.ts:3',
        message: 'timedOut',
      },
    ],
    {
      accordVersion: '1.2.3',
      runs: { acme·adfs: { url: 'https://sp.example.test', profile: 'targets/acme.yaml' } },
    },
  );
}

describe('conformance.json and its schema', () => {
  it('accepts what the reporter writes', () => {
    const report = JSON.parse(JSON.stringify(sample()));
    assert.deepEqual(conformanceProblems(report), []);
    assert.equal(report.accordVersion, '1.2.3');
    assert.equal(report.targets[0].url, 'https://sp.example.test');
  });

  it('names the flows and roles Accord has, no more and no fewer', () => {
    assert.deepEqual(schema.definitions.check.properties.flow.enum, [...FLOWS]);
    assert.deepEqual(
      [...schema.definitions.check.properties.role.enum].sort(),
      Object.values(PROTOCOL_ROLES).flat().sort(),
    );
  });

  it('refuses summaries that do not add up to the rows, a verdict that says otherwise, a missing field', () => {
    const counts = sample();
    counts.summary.pass += 1;
    assert.match(conformanceProblems(counts).join('\n'), /\/summary\/pass: \d+, but the rows give/);
    const rows = sample();
    rows.targets[0].checks.pop();
    assert.match(conformanceProblems(rows).join('\n'), /\/summary\/results\/total/);
    const verdict = sample();
    verdict.verdict = 'PASSED';
    assert.match(conformanceProblems(verdict).join('\n'), /\/verdict: "PASSED" does not say FAILED/);
    const { accordVersion: _, ...unversioned } = sample();
    assert.match(conformanceProblems(unversioned).join('\n'), /must have required property 'accordVersion'/);
    const untested = sample();
    delete untested.targets[0].checks[0].test;
    assert.match(conformanceProblems(untested).join('\n'), /checks\/0: must have required property 'test'/);
  });
});
