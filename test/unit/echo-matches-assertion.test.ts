import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/index.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import {
  assertedIdentity,
  echoDifferences,
  parseEcho,
} from '../../suites/sp-target/checks/echo-matches-assertion.ts';
import { sampleResponseModel } from '../support/sample-response.ts';

const idp = issueSelfSignedCertificate({ commonName: 'echo-idp' });
const GROUP = 'http://schemas.xmlsoap.org/claims/Group';
const xml = buildResponse(
  sampleResponseModel(
    {
      issuer: 'https://idp.echo.test',
      sp: 'https://sp.echo.test',
      acs: 'https://sp.echo.test/acs',
      nameId: 'alice@corp.test',
    },
    {
      attributes: [
        { name: 'uid', values: ['alice@corp.test'] },
        { name: GROUP, friendlyName: 'groups', values: ['Sales', 'R&D <EU>'] },
      ],
    },
  ),
  { signResponse: false, signAssertion: true, key: privateKeyObject(idp.keyPem), certPem: idp.certPem },
).xml;
const asserted = assertedIdentity(xml);
const faithful = {
  nameId: 'alice@corp.test',
  attributes: { uid: ['alice@corp.test'], [GROUP]: ['Sales', 'R&D <EU>'] },
};

describe('echo compared with the assertion', () => {
  test('reads NameID and multi-valued attributes from the Response', () => {
    assert.equal(asserted.nameId, 'alice@corp.test');
    assert.deepEqual(asserted.attributes[1], {
      name: GROUP,
      friendlyName: 'groups',
      values: ['Sales', 'R&D <EU>'],
    });
  });

  test('a faithful echo has no difference, in any order of values', () => {
    assert.deepEqual(echoDifferences(asserted, faithful, 'as-sent'), []);
    const reordered = { ...faithful, attributes: { ...faithful.attributes, [GROUP]: ['R&D <EU>', 'Sales'] } };
    assert.deepEqual(echoDifferences(asserted, reordered, 'as-sent'), []);
  });

  test('a lost value, a lost attribute and a changed NameID are each reported', () => {
    const firstOnly = { ...faithful, attributes: { ...faithful.attributes, [GROUP]: ['Sales'] } };
    assert.match(
      echoDifferences(asserted, firstOnly, 'as-sent').join(),
      /Group: asserted \["Sales","R&D <EU>"\]/,
    );
    const noUid = { nameId: 'alice@corp.test', attributes: { [GROUP]: ['Sales', 'R&D <EU>'] } };
    assert.match(echoDifferences(asserted, noUid, 'as-sent').join(), /attribute uid .* not among/);
    const other = { ...faithful, nameId: 'bob@corp.test' };
    assert.match(echoDifferences(asserted, other, 'as-sent').join(), /NameID: asserted "alice@corp.test"/);
    const extraValue = { ...faithful, attributes: { ...faithful.attributes, uid: ['alice@corp.test', 'x'] } };
    assert.equal(echoDifferences(asserted, extraValue, 'as-sent').length, 1);
  });

  test('attributes are found by FriendlyName, and by their CGI spelling when the profile says so', () => {
    const byFriendly = { attributes: { uid: ['alice@corp.test'], groups: ['Sales', 'R&D <EU>'] } };
    assert.deepEqual(echoDifferences(asserted, byFriendly, 'as-sent'), []);
    const cgi = {
      attributes: {
        uid: ['alice@corp.test'],
        http___schemas_xmlsoap_org_claims_Group: ['Sales', 'R&D <EU>'],
      },
    };
    assert.deepEqual(echoDifferences(asserted, cgi, 'cgi'), []);
    assert.equal(echoDifferences(asserted, cgi, 'as-sent').length, 1);
  });

  test('an echo that is not the expected JSON is an error naming where it was read', () => {
    assert.throws(() => parseEcho('<html>', 'sp echo #x'), /sp echo #x: the echo is not JSON/);
    assert.throws(() => parseEcho('{"nameId":"a"}', 'sp echo #x'), /"attributes": \{name: \[values\]\}/);
    assert.deepEqual(parseEcho('{"attributes":{"a":"1"}}', 'w'), {
      nameId: undefined,
      attributes: { a: ['1'] },
    });
  });
});
