import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NAMEID_FORMAT } from '../../lib/saml/namespaces.ts';
import { type NameIdView, nameIdMismatches } from '../../suites/sp-target/steps/logout-subject.ts';

const IDP = 'https://idp.example.test/adfs/services/trust';
const SP = 'https://sp.example.test/saml';
const defaults = { idp: IDP, sp: SP };
const asserted: NameIdView = {
  value: '_a1b2c3',
  format: NAMEID_FORMAT.transient,
  nameQualifier: IDP,
  spNameQualifier: SP,
};

test('a LogoutRequest NameID equal to the asserted one matches', () => {
  assert.deepEqual(nameIdMismatches({ ...asserted }, asserted, defaults), []);
});

test('qualifiers left out match only when they name the entities they default to', () => {
  assert.deepEqual(
    nameIdMismatches({ value: '_a1b2c3', format: NAMEID_FORMAT.transient }, asserted, defaults),
    [],
  );
  const other = { ...asserted, nameQualifier: 'https://other-idp.example.test' };
  assert.deepEqual(nameIdMismatches({ value: '_a1b2c3', format: NAMEID_FORMAT.transient }, other, defaults), [
    'NameQualifier (none) instead of https://other-idp.example.test',
  ]);
});

test('a missing Format is "unspecified", which differs from transient', () => {
  assert.deepEqual(nameIdMismatches({ ...asserted, format: undefined }, asserted, defaults), [
    `Format (none) instead of ${NAMEID_FORMAT.transient}`,
  ]);
  const unspecified = { value: 'alice', format: NAMEID_FORMAT.unspecified };
  assert.deepEqual(nameIdMismatches({ value: 'alice' }, unspecified, defaults), []);
});

test('a different value or qualifier is named', () => {
  assert.deepEqual(
    nameIdMismatches(
      { ...asserted, value: '_other', spNameQualifier: 'https://sp2.example.test' },
      asserted,
      defaults,
    ),
    ['value "_other" instead of "_a1b2c3"', `SPNameQualifier https://sp2.example.test instead of ${SP}`],
  );
});
