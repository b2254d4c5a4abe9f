/*
 * Hostile XML documents for any endpoint that reads a SAML message or metadata. Each names, where
 * the refusal must, what the error should mention.
 */

export interface HostileXml {
  label: string;
  xml: string | Buffer;
  /** What the refusal must name, when the document is refused for what it is rather than for what it says. */
  names?: RegExp;
}

const NS_P = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_A = 'urn:oasis:names:tc:SAML:2.0:assertion';
const NS_MD = 'urn:oasis:names:tc:SAML:2.0:metadata';

/** A root element of the kind the endpoint expects, holding `inner`. */
export function rootElement(root: string, inner = '', attrs = ''): string {
  if (root === 'EntityDescriptor') {
    return `<md:EntityDescriptor xmlns:md="${NS_MD}" entityID="https://127.0.0.1/corpus"${attrs}>${inner}</md:EntityDescriptor>`;
  }
  return `<samlp:${root} xmlns:samlp="${NS_P}" xmlns:saml="${NS_A}" ID="_corpus" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"${attrs}><saml:Issuer>https://127.0.0.1/corpus</saml:Issuer>${inner}</samlp:${root}>`;
}

const DOCTYPE = /<!DOCTYPE|ENTITY/;
const LIMIT = (name: string) => new RegExp(name);

export function hostileXml(root: string): HostileXml[] {
  const r = (inner = '', attrs = '') => rootElement(root, inner, attrs);
  const withDoctype = (subset: string, body = r('<x>&e;</x>')) => `<!DOCTYPE x [${subset}]>${body}`;
  const out: HostileXml[] = [
    { label: 'XXE file', xml: withDoctype('<!ENTITY e SYSTEM "file:///etc/passwd">'), names: DOCTYPE },
    {
      label: 'XXE loopback http',
      xml: withDoctype('<!ENTITY e SYSTEM "http://127.0.0.1:9/x">'),
      names: DOCTYPE,
    },
    {
      label: 'external DTD',
      xml: `<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">${r()}`,
      names: DOCTYPE,
    },
    {
      label: 'parameter entity',
      xml: withDoctype('<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;', r()),
      names: DOCTYPE,
    },
    {
      label: 'billion laughs',
      xml: withDoctype(
        `<!ENTITY e0 "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('')}<!ENTITY e "&e9;">`,
      ),
      names: DOCTYPE,
    },
    {
      label: 'quadratic blowup',
      xml: withDoctype(`<!ENTITY e "${'a'.repeat(50_000)}">`, r('<x>&e;&e;&e;&e;</x>')),
      names: DOCTYPE,
    },
    { label: 'lower-case doctype', xml: `<!doctype x>${r()}`, names: DOCTYPE },
    {
      label: 'entity in a comment-looking place',
      xml: `<!--x--><!DOCTYPE x [<!ENTITY e "y">]>${r()}`,
      names: DOCTYPE,
    },
    { label: 'two roots', xml: `${r()}${r()}`, names: /well-formed|root/ },
    { label: 'trailing garbage', xml: `${r()}garbage<`, names: /well-formed/ },
    { label: 'unclosed root', xml: r().replace(/<\/[^>]+>$/, ''), names: /well-formed/ },
    { label: 'mismatched tags', xml: r('<a><b></a></b>'), names: /well-formed/ },
    { label: 'undeclared prefix', xml: r('<zz:a/>'), names: /well-formed|prefix|namespace/ },
    { label: 'not XML at all', xml: 'hello, world', names: /XML|root|well-formed/ },
    { label: 'HTML', xml: '<html><body><script>alert(1)</script></body></html>' },
    { label: 'JSON', xml: '{"SAMLRequest": "x"}', names: /XML|root|well-formed/ },
    { label: 'empty document', xml: '' },
    { label: 'only a declaration', xml: '<?xml version="1.0"?>' },
    { label: 'processing instructions', xml: `<?xml version="1.0"?><?evil x?>${r('<?pi data?>')}` },
    { label: 'CDATA and comments', xml: r(`<x><![CDATA[<a>]]><!-- <b> --></x>`) },
    { label: 'UTF-8 BOM', xml: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(r())]) },
    { label: 'UTF-16 document', xml: Buffer.from(`\ufeff${r()}`, 'utf16le') },
    // Latin-1 encoding writes these as single bytes: not UTF-8.
    { label: 'Latin-1 bytes in text', xml: Buffer.from(r('<x>\u00e9\u00ff\u00fe</x>'), 'latin1') },
    { label: 'Latin-1 bytes in an attribute', xml: Buffer.from(r('', ' a="\u00ff\u00c0"'), 'latin1') },
    { label: 'NUL characters', xml: r('<x>\u0000</x>') },
    { label: 'control characters', xml: r('<x>\u0001\u0002\u001b[31m</x>') },
    { label: 'wrong namespace', xml: r().replaceAll(NS_P, 'urn:evil').replaceAll(NS_MD, 'urn:evil') },
    { label: 'no namespace', xml: `<${root} ID="_x" Version="2.0"/>` },
    { label: 'wrong root', xml: rootElement(root === 'Response' ? 'AuthnRequest' : 'Response') },
    {
      label: 'metadata where a message belongs',
      xml: rootElement(root === 'EntityDescriptor' ? 'Response' : 'EntityDescriptor'),
    },
    { label: 'Version 1.1', xml: r().replace('Version="2.0"', 'Version="1.1"') },
    { label: 'no ID', xml: r().replace(' ID="_corpus"', '') },
    { label: 'huge ID', xml: r().replace('_corpus', `_${'i'.repeat(100_000)}`) },
    {
      label: 'huge Issuer',
      xml: r().replace('https://127.0.0.1/corpus', `https://127.0.0.1/${'x'.repeat(150_000)}`),
    },
    { label: 'huge text node', xml: r(`<x>${'t'.repeat(200_000)}</x>`) },
    { label: 'huge attribute value', xml: r('', ` Destination="${'d'.repeat(200_000)}"`) },
    { label: 'huge comment', xml: r(`<!--${'c'.repeat(200_000)}-->`) },
    { label: 'many comments', xml: r('<!--c-->'.repeat(20_000)) },
    { label: 'garbage IssueInstant', xml: r().replace('2026-01-01T00:00:00Z', 'yesterday') },
    {
      label: 'javascript: URLs',
      xml: r('', ' Destination="javascript:alert(1)" AssertionConsumerServiceURL="javascript:alert(1)"'),
    },
    {
      label: 'duplicate attributes',
      xml: r('', root === 'EntityDescriptor' ? ' entityID="dup"' : ' ID="_dup"'),
      names: /well-formed|redefined/,
    },
    { label: 'duplicate IDs', xml: r('<x ID="_corpus"/><y ID="_corpus"/>') },
    {
      label: 'xml:base and xsi:type',
      xml: r(
        '<x xml:base="file:///" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="evil"/>',
      ),
    },
    {
      label: 'signature without content',
      xml: r('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>'),
    },
    {
      label: 'signature with hostile transforms',
      xml: r(
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/><ds:SignatureMethod Algorithm="urn:evil"/><ds:Reference URI="file:///etc/passwd"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>count(//. | //@* | //namespace::*)</ds:XPath></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="urn:evil"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>!!!</ds:SignatureValue></ds:Signature>',
      ),
    },
    {
      label: 'encrypted assertion of junk',
      xml: r(
        '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>',
      ),
    },
    {
      label: 'assertion without subject',
      xml: r(
        '<saml:Assertion ID="_a" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><saml:Issuer>x</saml:Issuer></saml:Assertion>',
      ),
    },
    {
      label: 'NameID with comment',
      xml: r('<saml:Subject><saml:NameID>admin<!---->@example.com</saml:NameID></saml:Subject>'),
    },
    {
      label: 'key descriptor of junk',
      xml: r(
        '<md:IDPSSODescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" protocolSupportEnumeration="x"><md:KeyDescriptor><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>!!!notbase64</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor>',
      ),
    },
  ];
  // Shape: at and past each limit of lib/saml/xml-limits.ts.
  for (const depth of [63, 64, 65, 200, 5_000, 30_000]) {
    out.push({
      label: `nested ${depth} deep`,
      xml: r(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`),
      names: depth >= 64 ? LIMIT('maxDepth') : undefined,
    });
  }
  for (const n of [4_990, 5_000, 20_000, 60_000]) {
    out.push({
      label: `${n} elements`,
      xml: r('<a/>'.repeat(n)),
      names: n >= 5_000 ? LIMIT('maxElements') : undefined,
    });
  }
  for (const n of [64, 65, 1_000, 20_000]) {
    const attrs = Array.from({ length: n }, (_, i) => ` a${i}="v"`).join('');
    out.push({
      label: `${n} attributes on one element`,
      xml: r(`<a${attrs}/>`),
      names: n > 64 ? LIMIT('maxAttributesPerElement') : undefined,
    });
  }
  out.push({
    label: '20,001 attributes spread out',
    xml: r(`<a${Array.from({ length: 60 }, (_, i) => ` a${i}="v"`).join('')}/>`.repeat(334)),
    names: LIMIT('maxAttributes'),
  });
  return out;
}
