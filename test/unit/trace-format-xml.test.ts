import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { formatXml } from '../../lib/trace/format-xml.ts';

/** Every non-whitespace text node, attribute and name in document order: what indenting must not change. */
function meaning(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === 1) {
      const el = n as Element;
      out.push(`<${el.namespaceURI}|${el.localName}`);
      for (let i = 0; i < el.attributes.length; i++) {
        const a = el.attributes[i];
        out.push(`@${a.name}=${a.value}`);
      }
    } else if (n.nodeType === 3 || n.nodeType === 4) {
      if (n.nodeValue?.trim()) out.push(`"${n.nodeValue}`);
    }
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(doc as unknown as Node);
  return out;
}

const SAMPLE =
  '<?xml version="1.0" encoding="UTF-8"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
  'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Destination="https://sp/acs?a=1&amp;b=&quot;2&quot;">' +
  '<saml:Issuer>  https://idp  </saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>' +
  '</samlp:Status><!-- a > comment --><saml:Assertion ID="_a"><saml:Attribute Name="x"><saml:AttributeValue>' +
  '<![CDATA[<b>raw</b>]]></saml:AttributeValue></saml:Attribute><saml:AttributeValue>mixed <b>bold</b> tail</saml:AttributeValue>' +
  '<e a=">"/></saml:Assertion></samlp:Response>';

describe('formatXml', () => {
  it('indents nested elements', () => {
    const out = formatXml(SAMPLE);
    const lines = out.split('\n');
    assert.equal(lines[0], '<?xml version="1.0" encoding="UTF-8"?>');
    assert.ok(lines.includes('  <saml:Issuer>  https://idp  </saml:Issuer>'), out);
    assert.ok(
      lines.includes('    <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'),
      out,
    );
    assert.ok(lines.includes('  <!-- a > comment -->'), out);
    assert.ok(lines.includes('    <e a=">"/>'), out);
  });

  it('keeps text, CDATA, attributes and mixed content exactly', () => {
    const out = formatXml(SAMPLE);
    assert.deepEqual(meaning(out), meaning(SAMPLE));
    assert.ok(out.includes('<saml:AttributeValue>mixed <b>bold</b> tail</saml:AttributeValue>'));
  });

  it('is stable when applied twice', () => {
    assert.equal(formatXml(formatXml(SAMPLE)), formatXml(SAMPLE));
  });

  it('returns malformed input unchanged', () => {
    for (const bad of ['<a><b></a>', '<a', '<a>text', '<!-- open', '</a>', '<a b="unterminated>']) {
      assert.equal(formatXml(bad), bad);
    }
  });

  it('returns absurdly deep input unchanged instead of overflowing', () => {
    const deep = `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`;
    assert.equal(formatXml(deep), deep);
  });

  it('keeps a DOCTYPE with an internal subset on one line', () => {
    const xml = '<!DOCTYPE r [<!ENTITY x "y">]><r><c/></r>';
    assert.equal(formatXml(xml), '<!DOCTYPE r [<!ENTITY x "y">]>\n<r>\n  <c/>\n</r>');
  });
});
