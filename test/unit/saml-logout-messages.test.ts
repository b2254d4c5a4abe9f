import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLogoutRequest } from '../../lib/saml/logout/build-logout-request.ts';
import { buildLogoutResponse } from '../../lib/saml/logout/build-logout-response.ts';
import { NAMEID_FORMAT, NS, STATUS } from '../../lib/saml/namespaces.ts';
import { childElements, firstChild, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { validateSamlXml } from '../../lib/saml/schema/validator.ts';

const NOW = new Date('2026-03-01T10:00:00Z');

test('LogoutRequest: the NameID exactly as asserted, the session, schema-valid', async () => {
  const { id, xml } = buildLogoutRequest({
    issueInstant: NOW,
    destination: 'https://sp.accord.test/slo?a=1&b=2',
    issuer: 'https://idp.accord.test',
    nameId: {
      value: 'alice&bob@corp.test',
      format: NAMEID_FORMAT.transient,
      nameQualifier: '',
      spNameQualifier: 'https://sp.accord.test',
    },
    sessionIndex: '_s1',
  });
  assert.deepEqual(await validateSamlXml(xml), { valid: true, errors: [] });
  const root = parseUntrustedXml(xml).documentElement!;
  assert.deepEqual(
    [root.localName, root.getAttribute('ID'), root.getAttribute('IssueInstant')],
    ['LogoutRequest', id, '2026-03-01T10:00:00Z'],
  );
  assert.equal(root.getAttribute('Destination'), 'https://sp.accord.test/slo?a=1&b=2');
  assert.equal(firstChild(root, NS.saml, 'Issuer')?.textContent, 'https://idp.accord.test');
  const nameId = firstChild(root, NS.saml, 'NameID')!;
  assert.equal(nameId.textContent, 'alice&bob@corp.test');
  assert.equal(nameId.getAttribute('Format'), NAMEID_FORMAT.transient);
  assert.equal(nameId.hasAttribute('NameQualifier'), true, 'an empty qualifier is repeated as asserted');
  assert.equal(nameId.getAttribute('SPNameQualifier'), 'https://sp.accord.test');
  assert.deepEqual(
    childElements(root, NS.samlp, 'SessionIndex').map((e) => e.textContent),
    ['_s1'],
  );
});

test('LogoutRequest: what is not given is left out; the ID is fresh unless given', () => {
  const a = buildLogoutRequest({ issueInstant: NOW, nameId: { value: 'nobody' } });
  const b = buildLogoutRequest({ issueInstant: NOW, nameId: { value: 'nobody' } });
  assert.notEqual(a.id, b.id);
  assert.equal(buildLogoutRequest({ id: '_given', issueInstant: NOW, nameId: { value: 'x' } }).id, '_given');
  const root = parseUntrustedXml(a.xml).documentElement!;
  assert.equal(root.hasAttribute('Destination'), false);
  assert.equal(firstChild(root, NS.saml, 'Issuer'), undefined);
  assert.equal(firstChild(root, NS.saml, 'NameID')!.attributes.length, 0);
  assert.equal(firstChild(root, NS.samlp, 'SessionIndex'), undefined);
});

test('LogoutResponse: answers the request, Success unless told, schema-valid', async () => {
  const fields = {
    issueInstant: NOW,
    destination: 'https://idp.accord.test/slo',
    issuer: 'https://sp.accord.test',
    inResponseTo: '_req9',
  };
  const ok = buildLogoutResponse(fields);
  assert.deepEqual(await validateSamlXml(ok.xml), { valid: true, errors: [] });
  const root = parseUntrustedXml(ok.xml).documentElement!;
  assert.deepEqual(
    [
      root.localName,
      root.getAttribute('ID'),
      root.getAttribute('InResponseTo'),
      root.getAttribute('Destination'),
    ],
    ['LogoutResponse', ok.id, '_req9', 'https://idp.accord.test/slo'],
  );
  const status = (xml: string) =>
    firstChild(
      firstChild(parseUntrustedXml(xml).documentElement!, NS.samlp, 'Status')!,
      NS.samlp,
      'StatusCode',
    )?.getAttribute('Value');
  assert.equal(status(ok.xml), STATUS.success);
  assert.equal(
    status(buildLogoutResponse({ ...fields, statusCode: STATUS.responder }).xml),
    STATUS.responder,
  );
});
