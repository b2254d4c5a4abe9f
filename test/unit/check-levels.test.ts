import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS, checkDef } from '../../lib/checks/catalog.ts';
import { citeRefs, fromVulnerabilityClass, type SpecDoc } from '../../lib/checks/spec-refs.ts';

/*
 * A check's level is the level of what it cites. A vendor reads a MUST failure as "the product is
 * broken": where the requirement comes from a vulnerability class instead of a protocol MUST, the
 * check must say so.
 */

/** Documents whose clauses state protocol requirements. */
const PROTOCOL_DOCS: ReadonlySet<SpecDoc> = new Set<SpecDoc>([
  'samlCore',
  'samlBindings',
  'samlProfiles',
  'samlMetadata',
  'saml2int',
  'xmldsig',
  'xmlenc',
  'xml',
  'seed',
  'oidcCore',
  'oidcDiscovery',
  'oidcRpLogout',
  'oidcBackChannel',
  'rfc',
  'oidf',
  'nist800131a',
]);

test('a check that cites no protocol clause says its requirement comes from a vulnerability class', () => {
  const silent = [...CHECKS.values()]
    .filter((c) => !c.refs.some((r) => PROTOCOL_DOCS.has(r.doc)) && !fromVulnerabilityClass(c.refs))
    .map((c) => `${c.id}: ${c.spec}`);
  assert.deepEqual(silent, []);
});

test('the SP checks whose MUST comes from a vulnerability class say so', () => {
  for (const id of [
    'SP-SEC-NAMEID-COMMENT',
    'SP-SEC-XXE',
    'SP-SEC-ENTITY-EXPANSION',
    'SP-SEC-COMPRESSION-BOMB',
    'SP-SEC-OPEN-REDIRECT',
  ] as const) {
    const def = checkDef(id);
    assert.ok(fromVulnerabilityClass(def.refs), `${id} does not say it comes from a vulnerability class`);
    assert.match(citeRefs(def.refs), /vulnerability class/);
  }
});

test('a citation that only names a CWE, with no note, is not taken for a stated vulnerability class', () => {
  assert.equal(fromVulnerabilityClass([{ doc: 'cwe', section: '611' }]), false);
  assert.equal(
    fromVulnerabilityClass([
      { doc: 'samlCore', section: '5.4' },
      { doc: 'note', detail: 'vulnerability class' },
    ]),
    false,
  );
});

test('binding a request to the browser session is SHOULD: profiles 4.1.4.3 asks only for a request the SP sent', () => {
  const def = checkDef('SP-SEC-CROSS-SESSION');
  assert.equal(def.level, 'SHOULD');
  assert.match(def.spec, /CWE-352/);
  assert.match(def.spec, /4\.1\.4\.3/);
});

test('a Response accepted on its signed assertion, the unsigned one discarded, is at most a SHOULD', () => {
  const def = checkDef('SP-SEC-MIXED-ASSERTIONS');
  assert.equal(def.level, 'SHOULD');
  assert.match(def.spec, /SAML profiles 4\.1\.4\.5/);
  for (const n of ['1', '2', '3', '4', '5', '6', '7', '8'])
    assert.match(checkDef(`SP-SEC-XSW${n}` as never).title, /never signs in the forged identity/);
});
