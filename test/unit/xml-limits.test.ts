import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOMParser, MIME_TYPE } from '@xmldom/xmldom';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { checkXml } from '../../lib/saml/validate/check-xml.ts';
import type { ResponseView } from '../../lib/saml/validate/types.ts';
import { enforceXmlLimits, NO_XML_LIMITS, XML_LIMITS } from '../../lib/saml/xml-limits.ts';

const P = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"';
const response = (inner: string, attrs = '') =>
  `<samlp:Response ${P} ID="_1" Version="2.0" IssueInstant="2020-01-01T00:00:00Z"${attrs}>${inner}</samlp:Response>`;
const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
const attributes = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="v"`).join('');

function refusal(fn: () => unknown): SamlInputError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SamlInputError, `expected a SamlInputError, got ${e}`);
    return e;
  }
  assert.fail('expected a refusal');
}

test('the shape of a document is measured without parsing it', () => {
  const shape = enforceXmlLimits(
    `<?xml version="1.0"?><!-- <x><y> --><r a="1" b='>'><c/><d e="2"><![CDATA[<f><g>]]></d></r>`,
    'doc',
  );
  // The declaration, the comment and the CDATA section count as nodes beside the three elements.
  assert.deepEqual(shape, { depth: 2, elements: 6, attributes: 3, maxAttributesOnOneElement: 2 });
});

test('each limit is enforced at its value and named in the refusal', () => {
  const { maxDepth, maxElements, maxAttributesPerElement, maxAttributes } = XML_LIMITS;
  // The Response element is one level and one element of its own.
  assert.doesNotThrow(() => parseUntrustedXml(response(nested(maxDepth - 1)), 'SAMLResponse'));
  const deep = refusal(() => parseUntrustedXml(response(nested(maxDepth)), 'SAMLResponse'));
  assert.equal(deep.code, 'too-complex');
  assert.equal(deep.message, `SAMLResponse nests elements more than ${maxDepth} deep (the limit, maxDepth)`);

  assert.doesNotThrow(() => parseUntrustedXml(response('<a/>'.repeat(maxElements - 1)), 'SAMLResponse'));
  const many = refusal(() => parseUntrustedXml(response('<a/>'.repeat(maxElements)), 'SAMLResponse'));
  assert.match(
    many.message,
    new RegExp(`more than ${maxElements} elements and comments \\(the limit, maxElements\\)`),
  );
  const comments = refusal(() => parseUntrustedXml(response('<!--c-->'.repeat(maxElements)), 'SAMLResponse'));
  assert.match(comments.message, /maxElements/);

  const wide = refusal(() =>
    parseUntrustedXml(response(`<a${attributes(maxAttributesPerElement + 1)}/>`), 'SAMLResponse'),
  );
  assert.match(wide.message, new RegExp(`limit is ${maxAttributesPerElement} per element`));

  const per = maxAttributesPerElement;
  const spread = `<a${attributes(per)}/>`.repeat(Math.ceil(maxAttributes / per) + 1);
  const total = refusal(() => parseUntrustedXml(response(spread), 'SAMLResponse'));
  assert.match(
    total.message,
    new RegExp(`more than ${maxAttributes} attributes \\(the limit, maxAttributes\\)`),
  );
});

test('a Response 20,000 elements deep (about 120 KB) is refused before any parser or walk sees it', () => {
  const xml = response(nested(20_000));
  assert.ok(xml.length < 256 * 1024);
  const t = performance.now();
  const e = refusal(() => parseUntrustedXml(xml, 'SAMLResponse'));
  assert.equal(e.code, 'too-complex');
  assert.ok(performance.now() - t < 100, 'refused in a linear scan');
});

test('the duplicate-ID walk of IDP-RESP-XML needs no call stack for depth', () => {
  // Built past the limits on purpose: the check must not depend on them to survive.
  const doc = new DOMParser().parseFromString(response(nested(20_000)), MIME_TYPE.XML_TEXT);
  const view = {
    received: doc.documentElement,
    schema: { valid: true, errors: [] },
  } as unknown as ResponseView;
  const verdict = checkXml(view, {} as never);
  assert.deepEqual(verdict.problems, []);
});

test('NO_XML_LIMITS, for the seeded defects that stand for a parser without limits, measures nothing', () => {
  assert.doesNotThrow(() => parseUntrustedXml(response(nested(200)), 'x', 1e9, NO_XML_LIMITS));
});

test('a malformed document is left to the parser, which names the error', () => {
  for (const xml of ['<a b="unterminated><c/>', '<a><b></a>', '<<<<', '<a', '</a></a></a><a>']) {
    assert.doesNotThrow(() => enforceXmlLimits(xml, 'x'), xml);
    const e = refusal(() => parseUntrustedXml(xml, 'x'));
    assert.equal(e.code, 'not-xml', xml);
  }
});
