import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildAllureReport } from '../../reports/build-allure-report.ts';
import type { ConformanceReport } from '../../reports/conformance-model.ts';
import { SUMMARY_COUNTS } from '../../reports/conformance-model.ts';
import { conformanceProblems } from '../../reports/validate-conformance.ts';
import { openReportOffline } from '../support/open-report-offline.ts';

/** A leaf or group of the test tree: drawn only from the report's data (its widgets/tree.json). */
const TREE_DRAWN = '[data-testid="tree-leaf-title"], [data-testid="tree-section-title"]';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WORK = mkdtempSync(join(tmpdir(), 'accord-allure-e2e-'));
const OUT = join(WORK, 'out');
after(() => rmSync(WORK, { recursive: true, force: true }));

const CONFIG = `
import { defineConfig } from '@playwright/test';
import { accordReporters } from ${JSON.stringify(join(REPO, 'reports/reporters.ts'))};

export default defineConfig({
  testDir: '.',
  outputDir: ${JSON.stringify(join(OUT, 'test-results'))},
  reporter: accordReporters(${JSON.stringify(OUT)}, { targets: ['demo-sp'] }),
  projects: [{ name: 'demo-sp·adfs' }],
});
`;

const SPEC = `
import { test } from '@playwright/test';
import { label } from 'allure-js-commons';

const base = { title: 'Audience enforced', level: 'MUST', spec: 'SAML core 2.5.1.4', role: 'sp', flow: 'sp-initiated', target: 'demo-sp', scenario: 'adfs' };
const record = (c) => test.info().annotations.push({ type: 'accord.check', description: JSON.stringify({ ...base, ...c }) });

test('audience is enforced', async () => {
  await label('check', 'SP-SEC-AUDIENCE');
  record({ id: 'SP-SEC-AUDIENCE', status: 'pass', detail: 'rejected the wrong audience' });
  record({ id: 'SP-SEC-REPLAY', level: 'SHOULD', status: 'warn', detail: 'no replay cache' });
  await test.info().attach('accord-trace.json', { contentType: 'application/json', body: '[]' });
});

test('signature is required', async () => {
  await label('check', 'SP-SEC-UNSIGNED');
  record({ id: 'SP-SEC-UNSIGNED', status: 'fail', detail: 'accepted an unsigned assertion' });
});
`;

describe('reporters end to end', () => {
  it('writes JUnit, Allure results and conformance.json, then a single-file Allure report that opens offline', {
    // Three openings of the report in Chromium: seconds each on an idle machine, a minute on a loaded one.
    timeout: 300_000,
  }, async () => {
    // The temp project resolves @playwright/test and allure-js-commons through the repo's node_modules.
    symlinkSync(join(REPO, 'node_modules'), join(WORK, 'node_modules'), 'dir');
    writeFileSync(join(WORK, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(WORK, 'playwright.config.ts'), CONFIG);
    writeFileSync(join(WORK, 'conformance.spec.ts'), SPEC);

    const run = spawnSync('npx', ['playwright', 'test', '-c', join(WORK, 'playwright.config.ts')], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', ACCORD_OUT: join(WORK, 'elsewhere') },
      timeout: 45_000,
    });
    const log = `${run.stdout}\n${run.stderr}`;
    // Both tests pass in Playwright's eyes; the recorded MUST failure is what fails the run.
    assert.equal(run.status, 1, log);
    assert.match(log, /FAIL\s+MUST\s+demo-sp · adfs\s+SP-SEC-UNSIGNED/);

    const report = JSON.parse(readFileSync(join(OUT, 'conformance.json'), 'utf8')) as ConformanceReport;
    assert.deepEqual(report.summary, {
      counts: SUMMARY_COUNTS,
      outcome: 'failed',
      pass: 1,
      fail: 1,
      warn: 1,
      skip: 0,
      inconclusive: 0,
      mustFailed: 1,
      checks: 3,
      results: { total: 3, pass: 1, fail: 1, warn: 1, skip: 0, inconclusive: 0 },
    });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(conformanceProblems(report), []);

    // One case per check, not per test; Playwright's per-test file keeps the durations.
    const junit = readFileSync(join(OUT, 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuites name="Accord conformance: FAILED[^"]*" tests="3" failures="1"/);
    assert.match(
      junit,
      /<failure message="SP-SEC-UNSIGNED \(MUST, SAML core 2\.5\.1\.4\): accepted an unsigned assertion"/,
    );
    const perTest = readFileSync(join(OUT, 'junit-tests.xml'), 'utf8');
    assert.match(perTest, /<testcase name="\[demo-sp·adfs\] audience is enforced"/);

    const results = readdirSync(join(OUT, 'allure-results')).filter((f) => f.endsWith('-result.json'));
    assert.equal(results.length, 2);
    const labels = results.flatMap(
      (f) =>
        JSON.parse(readFileSync(join(OUT, 'allure-results', f), 'utf8')).labels as {
          name: string;
          value: string;
        }[],
    );
    assert.ok(labels.some((l) => l.name === 'check' && l.value === 'SP-SEC-UNSIGNED'));
    assert.match(
      readFileSync(join(OUT, 'allure-results', 'environment.properties'), 'utf8'),
      /^targets=demo-sp$/m,
    );
    // The overview counts checks, not only tests, and names the Accord that judged.
    const env = readFileSync(join(OUT, 'allure-results', 'environment.properties'), 'utf8');
    assert.match(env, /^checks=3 \(pass 1, fail 1, warn 1, skip 0, inconclusive 0\)$/m);
    assert.match(env, /^accord\.version=\d+\.\d+\.\d+/m);

    const index = await buildAllureReport(OUT);
    assert.equal(index, join(OUT, 'allure-report', 'index.html'));
    assert.ok(statSync(index).size > 10_000);
    assert.ok(
      !existsSync(join(OUT, 'allure-report', 'data')),
      'single-file report should not need a data folder',
    );

    // Opened from disk as a customer would: no request leaves the file, and the tests show every time.
    const openings = await openReportOffline(index, TREE_DRAWN, 3);
    for (const [i, o] of openings.entries()) {
      assert.deepEqual(o.remote, [], `opening ${i + 1} requested the network`);
      assert.deepEqual(o.siblings, [], `opening ${i + 1} fetched files beside the report`);
      assert.ok(o.rendered, `opening ${i + 1} never showed the test tree`);
    }
  });

  it('names a missing or empty results directory', async () => {
    const empty = join(WORK, 'empty');
    await assert.rejects(buildAllureReport(empty), /no Allure results: .*allure-results does not exist/);
    const dir = join(empty, 'allure-results');
    mkdirSync(dir, { recursive: true });
    await assert.rejects(buildAllureReport(empty), /holds no \*-result\.json/);
  });
});
