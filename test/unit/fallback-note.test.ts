import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReport } from '../../reports/conformance-model.ts';
import { formatSummaryTable } from '../../reports/summary-table.ts';
import { FALLBACK_NOTE, MessageFlows } from '../../suites/sp-target/steps/message-flows.ts';
import { checkResult } from '../support/check-result.ts';

/*
 * When a genuine unsolicited Response does not sign in on a target that declares IdP-initiated SSO,
 * the attacks that need no request go SP-initiated; each check so carried out says it, and the
 * report lists the note once per target·scenario, in conformance.json and in the table.
 */

/** A session over a profile, with unsolicited delivery working or not (what MessageFlows.open finds). */
function session(idpInitiated: boolean, unsolicitedWorks: boolean): MessageFlows {
  const s = Object.create(MessageFlows.prototype) as MessageFlows;
  Object.assign(s, {
    accord: {
      profile: {
        capabilities: { spInitiated: true, idpInitiated, bindings: ['redirect'] },
        login: { start: { redirect: 'http://sp.test/login' } },
      },
    },
    unsolicited: unsolicitedWorks,
    fallbacks: 0,
  });
  return s;
}

test('a delivery that could go unsolicited but goes SP-initiated carries the note', () => {
  const s = session(true, false);
  const mark = s.fallbackMark;
  assert.equal(s.via(), 'sp-initiated');
  assert.equal(s.fellBackSince(mark), FALLBACK_NOTE);
});

test('no note when unsolicited delivery works, when a request is needed, or when none is declared', () => {
  const works = session(true, true);
  let mark = works.fallbackMark;
  assert.equal(works.via(), 'unsolicited');
  assert.equal(works.fellBackSince(mark), undefined);

  const fellBack = session(true, false);
  mark = fellBack.fallbackMark;
  assert.equal(fellBack.via(true), 'sp-initiated');
  assert.equal(
    fellBack.fellBackSince(mark),
    undefined,
    'an attack that needs a request goes SP-initiated anyway',
  );

  const spOnly = session(false, false);
  mark = spOnly.fallbackMark;
  assert.equal(spOnly.via(), 'sp-initiated');
  assert.equal(spOnly.fellBackSince(mark), undefined, 'the profile declares no IdP-initiated SSO');
});

test('conformance.json lists each note once per target·scenario with its checks; the table shows it', () => {
  const report = buildReport(
    [
      checkResult({ id: 'SP-SEC-AUDIENCE', detail: `refused (note: ${FALLBACK_NOTE})`, note: FALLBACK_NOTE }),
      checkResult({ id: 'SP-SEC-ISSUER', detail: `refused (note: ${FALLBACK_NOTE})`, note: FALLBACK_NOTE }),
      checkResult({ id: 'SP-SEC-INRESPONSETO', detail: 'refused' }),
      checkResult({ id: 'SP-SEC-AUDIENCE', scenario: 'entra', detail: 'refused' }),
    ],
    [],
  );
  const adfs = report.targets.find((t) => t.scenario === 'adfs')!;
  assert.deepEqual(adfs.notes, [{ note: FALLBACK_NOTE, checks: ['SP-SEC-AUDIENCE', 'SP-SEC-ISSUER'] }]);
  assert.equal(report.targets.find((t) => t.scenario === 'entra')!.notes, undefined);
  const table = formatSummaryTable(report, { maxDetail: 1000 });
  assert.match(
    table,
    /\nNotes\n {2}NOTE acme · adfs: a genuine unsolicited Response .* \(SP-SEC-AUDIENCE, SP-SEC-ISSUER\)\n/,
  );
  assert.doesNotMatch(table, /NOTE acme · entra/);
});

test('a report without notes has no notes section', () => {
  const report = buildReport([checkResult({ id: 'SP-SEC-AUDIENCE', detail: 'refused' })], []);
  assert.equal(report.targets[0]!.notes, undefined);
  assert.doesNotMatch(formatSummaryTable(report), /Notes/);
});
