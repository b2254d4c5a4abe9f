import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { FALLBACK_NOTE } from '../../suites/sp-target/steps/message-flows.ts';
import { defectProfile, type RunOutcome, runAccord } from './run-accord.ts';

/**
 * A built-in target whose exchange "succeeds" without handing it anything (a command that exits 0
 * and does nothing, as a product that rejects the metadata it was given still returns 0): no
 * genuine login can work, so every check that needs one is inconclusive with the reason, none is
 * failed, and the run exits 3 ("could not test"), not 1. The metadata check needs no exchange and
 * is still judged.
 */
function unexchanged(base: string, name: string): string {
  const file = defectProfile(base, name, []);
  const doc = parse(readFileSync(file, 'utf8'));
  doc.exchange = { command: 'true' };
  // Every RP of a run registers at the same OP simulator, which knows a client by its id.
  if (doc.oidc) doc.oidc.client.id = `accord-${name}`;
  writeFileSync(file, stringify(doc));
  return file;
}

/**
 * A reference RP handed its OP with a client_id the OP has never registered, as a product
 * configured with another environment's credentials is: the OP refuses every authorization request.
 */
function unregisteredClient(): string {
  const file = defectProfile('targets/reference-rp.yaml', 'rp-unregistered', []);
  const script = join(dirname(file), 'hand-op.mjs');
  writeFileSync(
    script,
    `const [base, discoveryUrl] = process.argv.slice(2);
const r = await fetch(base + '/__accord/op', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ discoveryUrl, clientId: 'accord-nobody', clientSecret: 'accord-nobody-secret-0123456789' }),
});
process.exit(r.ok ? 0 : 1);
`,
  );
  const doc = parse(readFileSync(file, 'utf8'));
  doc.oidc.client.id = 'accord-rp-unregistered';
  doc.exchange = { command: `node ${script} {base_url} {discovery_url}` };
  writeFileSync(file, stringify(doc));
  return file;
}

/** One run for both tests: each accord run pays for its simulators and browser once. */
let shared: RunOutcome | undefined;
function brokenSetupRun(): RunOutcome {
  shared ??= runAccord([
    '--no-report',
    '--scenario',
    'scenarios/entra.yaml',
    '--scenario',
    'scenarios/generic-oidc.yaml',
    ...['--target', unexchanged('targets/reference-sp.yaml', 'sp-unexchanged')],
    ...['--target', unexchanged('targets/builtin-idp.yaml', 'idp-unexchanged')],
    ...['--target', unexchanged('targets/reference-rp.yaml', 'rp-unexchanged')],
    ...['--target', unregisteredClient()],
    ...['SP-SSO-01', 'SP-AUTHN-01', 'SP-MD-01'].flatMap((id) => ['--check', `sp-unexchanged=${id}`]),
    ...['--check', 'idp-unexchanged=IDP-RESP-STATUS'],
    ...['--check', 'rp-unexchanged=RP-SSO-01'],
    ...['--check', 'rp-unregistered=RP-SSO-01'],
    // Declares IdP-initiated SSO, refuses unsolicited Responses: attacks must go SP-initiated, and say so.
    ...['--target', defectProfile('targets/reference-sp.yaml', 'sp-no-unsolicited', ['no-idp-initiated'])],
    ...['--target', defectProfile('targets/reference-sp.yaml', 'sp-unsolicited', [])],
    ...['--check', 'sp-no-unsolicited=SP-SEC-AUDIENCE', '--check', 'sp-unsolicited=SP-SEC-AUDIENCE'],
  ]);
  return shared;
}

test('a target whose trust exchange silently failed could not be tested: inconclusive, exit 3', () => {
  const run = brokenSetupRun();
  assert.equal(run.code, 3, run.stdout);
  assert.deepEqual(run.report.errors, []);
  assert.equal(run.report.summary.mustFailed, 0);
  assert.equal(run.report.summary.outcome, 'could-not-test');
  const statuses = (target: string) =>
    Object.fromEntries(
      run.report.targets
        .filter((t) => t.target === target)
        .flatMap((t) => t.checks.map((c) => [c.id, c.status])),
    );
  assert.deepEqual(statuses('sp-unexchanged'), {
    'SP-AUTHN-01': 'inconclusive',
    'SP-MD-01': 'pass',
    'SP-SSO-01': 'inconclusive',
  });
  assert.deepEqual(statuses('idp-unexchanged'), { 'IDP-RESP-STATUS': 'inconclusive' });
  assert.deepEqual(statuses('rp-unexchanged'), { 'RP-SSO-01': 'inconclusive' });
  assert.deepEqual(statuses('rp-unregistered'), { 'RP-SSO-01': 'inconclusive' });
  const reasons = run.report.targets.flatMap((t) => t.checks.filter((c) => c.status === 'inconclusive'));
  for (const c of reasons) assert.match(c.detail, /^could not test: /, `${c.target} ${c.id}: ${c.detail}`);
  const sp = reasons.find((c) => c.target === 'sp-unexchanged')!;
  assert.match(sp.detail, /never sent an AuthnRequest .*check that it accepted the IdP metadata/);
  const rp = reasons.find((c) => c.target === 'rp-unregistered')!;
  assert.match(rp.detail, /the OP simulator does not know the RP's client .*check the client registration/);
  assert.match(run.stdout, /Accord conformance: COULD NOT TEST/);
  const junit = readFileSync(join(run.out, 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="Accord conformance: COULD NOT TEST/);
});

test('attacks that fell back to SP-initiated delivery say so in the detail, conformance.json and the table', () => {
  const run = brokenSetupRun();
  const group = (target: string) => run.report.targets.find((t) => t.target === target)!;
  const fellBack = group('sp-no-unsolicited');
  const audience = fellBack.checks.find((c) => c.id === 'SP-SEC-AUDIENCE')!;
  assert.equal(audience.status, 'pass', audience.detail);
  assert.equal(audience.note, FALLBACK_NOTE);
  assert.ok(audience.detail.endsWith(`(note: ${FALLBACK_NOTE})`), audience.detail);
  assert.deepEqual((fellBack as { notes?: unknown }).notes, [
    { note: FALLBACK_NOTE, checks: ['SP-SEC-AUDIENCE'] },
  ]);
  assert.match(run.stdout, /NOTE sp-no-unsolicited · entra: a genuine unsolicited Response did not sign/);
  // Unsolicited delivery works on the clean SP: the attack went the way the profile declares.
  const clean = group('sp-unsolicited');
  const cleanAudience = clean.checks.find((c) => c.id === 'SP-SEC-AUDIENCE')!;
  assert.equal(cleanAudience.status, 'pass', cleanAudience.detail);
  assert.equal(cleanAudience.note, undefined);
  assert.doesNotMatch(cleanAudience.detail, /note:/);
  assert.equal((clean as { notes?: unknown }).notes, undefined);
  assert.doesNotMatch(run.stdout, /NOTE sp-unsolicited/);
});
