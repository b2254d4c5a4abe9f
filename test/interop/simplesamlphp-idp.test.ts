import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { SSP_IDP_USERS } from '../../interop/simplesamlphp/users.ts';
import { assertCleanRun, interopTest } from './interop-run.ts';

test('the SimpleSAMLphp IdP profile lists the accounts the peer is configured with', () => {
  const profile = parse(
    readFileSync(join(import.meta.dirname, '../../targets/simplesamlphp-idp.yaml'), 'utf8'),
  );
  assert.deepEqual(
    profile.users,
    SSP_IDP_USERS.map(({ groupId: _groupId, ...user }) => user),
  );
});

interopTest('simplesamlphp-idp', 'SimpleSAMLphp as IdP meets the reference SP', (run) => {
  // An IdP target meets the reference SP once, whatever the scenarios.
  assertCleanRun(run, {
    scenarios: ['-'],
    mustPass: [
      'IDP-MD-01',
      'IDP-RESP-XML',
      'IDP-RESP-STATUS',
      'IDP-RESP-SIGNED',
      'IDP-RESP-ALG',
      'IDP-RESP-ISSUER',
      'IDP-RESP-DESTINATION',
      'IDP-RESP-INRESPONSETO',
      'IDP-SUBJ-BEARER',
      'IDP-COND-AUDIENCE',
      'IDP-COND-TIME',
      'IDP-ASSERT-UNIQUE',
      'IDP-NAMEID-FORMAT',
      'IDP-NAMEID-PROFILE',
      'IDP-ATTR-UID',
      'IDP-RELAYSTATE',
      'IDP-IDPI-01',
      'IDP-SLO-01',
      'IDP-SLO-02',
      'IDP-ROLL-01',
      'IDP-ROLL-02',
      // Its own signing key rollover, through the hooks of interop/rollover.ts.
      'IDP-ROLL-03',
      'IDP-ROLL-04',
      'IDP-ROLL-05',
    ],
  });
  assert.deepEqual(
    run.results.filter((r) => r.status === 'skip').map((r) => `${r.id}: ${r.detail}`),
    [],
    'the SimpleSAMLphp IdP declares every capability the IdP suites use',
  );
});
