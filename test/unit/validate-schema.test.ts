import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateSamlXml } from '../../lib/saml/schema/validator.ts';

const GOOD =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="2030-01-01T00:00:00Z"><saml:Issuer>x</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>';
const BAD =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="1bad" Version="2.0"><samlp:Status/></samlp:Response>';

test('documents validated together keep their own verdicts', async () => {
  const [a, b, c, d] = await Promise.all([
    validateSamlXml(GOOD),
    validateSamlXml(BAD),
    validateSamlXml('<a><b></a>'),
    validateSamlXml(GOOD),
  ]);
  assert.deepEqual(a, { valid: true, errors: [] });
  assert.equal(b.valid, false);
  assert.match(b.errors[0], /'1bad' is not a valid value of the atomic type 'xs:ID'/);
  assert.ok(b.errors.some((e) => /IssueInstant' is required/.test(e)));
  assert.equal(c.valid, false);
  assert.deepEqual(d, { valid: true, errors: [] });
});

test('batching keeps many validations cheap', async () => {
  const t = Date.now();
  const results = await Promise.all(Array.from({ length: 60 }, () => validateSamlXml(GOOD)));
  assert.ok(results.every((r) => r.valid));
  // One worker per document would take ~60 × 190 ms here.
  assert.ok(Date.now() - t < 4000, `took ${Date.now() - t} ms`);
});

test('a DOCTYPE is refused without reaching xmllint', async () => {
  const r = await validateSamlXml(`<!DOCTYPE x [<!ENTITY e "e">]>${GOOD}`);
  assert.equal(r.valid, false);
  assert.match(r.errors[0], /DOCTYPE/);
});
