import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/certificate.ts';
import { ALGORITHMS, NS } from '../../lib/saml/namespaces.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { descendants, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { TAMPERS, type TamperContext, TamperNotApplicable } from '../../lib/saml/tamper/index.ts';
import { type SignatureVerdict, verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { sampleResponseModel } from '../support/sample-response.ts';

/*
 * verifyEnvelopedSignatures checks the usual signature shape on the parsed DOM instead of through
 * xml-crypto's SignedXml. Its verdicts must be xml-crypto's: the same validity, the same reason and
 * the same signed XML, on genuine messages, on every attack of the catalog and on hand-made
 * variations of the parts the fast path reads itself.
 */

const idp = issueSelfSignedCertificate({ commonName: 'accord-equivalence-idp' });
const attacker = issueSelfSignedCertificate({ commonName: 'mallory' });
const idpKey = privateKeyObject(idp.keyPem);
const ctx: TamperContext = {
  attackerNameId: 'mallory@evil.test',
  attackerKey: { key: privateKeyObject(attacker.keyPem), certPem: attacker.certPem },
  realKey: { key: idpKey, certPem: idp.certPem },
};

function genuine(signing: 'response' | 'assertion' | 'both'): string {
  const model = sampleResponseModel(
    {
      issuer: 'https://idp.accord.test',
      sp: 'https://sp.accord.test',
      acs: 'https://sp.accord.test/acs',
      nameId: 'alice@corp.test',
      now: new Date('2026-01-01T00:00:00Z'),
    },
    { inResponseTo: '_req1' },
  );
  return buildResponse(model, {
    signResponse: signing !== 'assertion',
    signAssertion: signing !== 'response',
    key: idpKey,
    certPem: idp.certPem,
  }).xml;
}

const ALLOWED = new Set<string>([ALGORITHMS.enveloped, ALGORITHMS.excC14n]);

/** The verifier as it was: the same structural rules, then xml-crypto's checkSignature per certificate. */
function withXmlCryptoOnly(xml: string, root: Element, trusted: string[]): SignatureVerdict[] {
  const out: SignatureVerdict[] = [];
  for (const sig of descendants(root, NS.ds, 'Signature')) {
    const parent = sig.parentNode as Element | null;
    if (parent?.nodeType !== 1) continue;
    const parentId = parent.getAttribute('ID') ?? '';
    const signedInfo = descendants(sig, NS.ds, 'SignedInfo').find((s) => s.parentNode === sig);
    if (!signedInfo) {
      out.push({ parent: parent.localName ?? '', parentId, valid: false, detail: 'no SignedInfo' });
      continue;
    }
    const refs = descendants(signedInfo, NS.ds, 'Reference').filter((r) => r.parentNode === signedInfo);
    const transforms = refs[0] ? descendants(refs[0], NS.ds, 'Transform') : [];
    const structural =
      refs.length === 1 &&
      parentId !== '' &&
      refs[0].getAttribute('URI') === `#${parentId}` &&
      transforms.every((t) => ALLOWED.has(t.getAttribute('Algorithm') ?? ''));
    let verdict: SignatureVerdict = { parent: parent.localName ?? '', parentId, valid: false, detail: 'x' };
    if (!structural) {
      out.push({ ...verdict, detail: 'structural' });
      continue;
    }
    for (const [i, pem] of trusted.entries()) {
      new X509Certificate(pem);
      const sx = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
      try {
        sx.loadSignature(sig.toString());
        if (sx.checkSignature(xml)) {
          verdict = {
            ...verdict,
            valid: true,
            verifiedBy: i,
            signedXml: sx.getSignedReferences()[0],
            detail: 'signature verified',
          };
          break;
        }
        verdict = {
          ...verdict,
          valid: false,
          detail: 'signature value does not verify with the trusted certificates',
        };
      } catch (e) {
        verdict = {
          ...verdict,
          valid: false,
          detail: `signature rejected: ${(e as Error).message.split('\n')[0]}`,
        };
      }
    }
    out.push(verdict);
  }
  return out;
}

function comparable(v: SignatureVerdict) {
  return { parent: v.parent, parentId: v.parentId, valid: v.valid, detail: v.detail, signedXml: v.signedXml };
}

function assertSameVerdicts(xml: string, label: string, trusted = [idp.certPem]): SignatureVerdict[] {
  const root = parseUntrustedXml(xml, label, Number.MAX_SAFE_INTEGER).documentElement!;
  const fast = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: trusted });
  const reference = withXmlCryptoOnly(xml, root, trusted);
  const structural = (v: SignatureVerdict) => v.detail === 'structural';
  const judged = reference.map((r, i) => [r, fast[i]] as const).filter(([r]) => !structural(r));
  assert.equal(fast.length, reference.length, `${label}: number of verdicts`);
  for (const [r, f] of judged) assert.deepEqual(comparable(f), comparable(r), label);
  return fast;
}

/** Edits a message's text, keeping it well-formed. */
function edit(xml: string, from: RegExp | string, to: string): string {
  const out = xml.replace(from, to);
  assert.notEqual(out, xml, `edit ${from} changed nothing`);
  return out;
}

const SIGNINGS = ['response', 'assertion', 'both'] as const;

describe('prepared signature verification gives xml-crypto verdicts', () => {
  for (const signing of SIGNINGS) {
    test(`genuine, ${signing} signed`, () => {
      const verdicts = assertSameVerdicts(genuine(signing), signing);
      assert.ok(verdicts.length > 0 && verdicts.every((v) => v.valid));
    });
  }

  test('every attack of the catalog that parses', () => {
    let compared = 0;
    for (const signing of SIGNINGS) {
      for (const t of TAMPERS.values()) {
        let xml: string;
        try {
          xml = t.apply(genuine(signing), ctx);
          parseUntrustedXml(xml, t.name, Number.MAX_SAFE_INTEGER);
        } catch (e) {
          if (e instanceof TamperNotApplicable || (e as Error).name === 'SamlInputError') continue;
          throw e;
        }
        assertSameVerdicts(xml, `${t.name} on ${signing}`);
        assertSameVerdicts(xml, `${t.name} on ${signing}, two certificates`, [attacker.certPem, idp.certPem]);
        compared++;
      }
    }
    assert.ok(compared > 30, `only ${compared} attacks compared`);
  });

  test('signature value wrapped over lines, with LF, CR LF and a CR character reference', () => {
    const xml = genuine('assertion');
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1];
    const lines = value.match(/.{1,64}/g)!;
    for (const eol of ['\n', '\r\n']) {
      const v = assertSameVerdicts(
        edit(xml, value, `\n${lines.join(eol)}\n`),
        `wrapped ${JSON.stringify(eol)}`,
      );
      assert.equal(v[0].valid, true);
    }
    // A kept CR makes xml-crypto miss the enveloped signature and refuse; that verdict is kept too.
    assertSameVerdicts(edit(xml, value, lines.join('&#13;\n')), 'wrapped with &#13;');
  });

  test('a changed byte of the signed element, of SignedInfo, of the digest, of the signature value', () => {
    const xml = genuine('both');
    const digest = /<ds:DigestValue>([^<]+)</.exec(xml)![1];
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1];
    const cases = [
      edit(xml, 'alice@corp.test</saml:NameID>', 'alicf@corp.test</saml:NameID>'),
      edit(xml, ALGORITHMS.sha256, 'http://www.w3.org/2001/04/xmlenc#sha512'),
      edit(xml, digest, `${digest.slice(0, 4)}AAAA${digest.slice(8)}`),
      edit(xml, value, `${value.slice(0, 10)}AAAA${value.slice(14)}`),
      edit(xml, value, 'not base64 at all!'),
    ];
    for (const [i, c] of cases.entries()) {
      const v = assertSameVerdicts(c, `change ${i}`);
      assert.ok(
        v.some((x) => !x.valid),
        `change ${i} must break a signature`,
      );
    }
  });

  test('an element carrying the signed ID elsewhere, in ID, Id or id, in any namespace', () => {
    const xml = genuine('assertion');
    const id = /<saml:Assertion [^>]*ID="([^"]+)"/.exec(xml)![1];
    for (const attr of ['ID', 'Id', 'id', 'x:ID']) {
      const decl = attr.startsWith('x:') ? ' xmlns:x="urn:x"' : '';
      const copy = `<samlp:Extensions><e${decl} ${attr}="${id}"/></samlp:Extensions>`;
      const v = assertSameVerdicts(edit(xml, /(<\/saml:Issuer>)/, `$1${copy}`), `duplicate ${attr}`);
      assert.equal(v[0].valid, false);
    }
  });

  test('a copy of the signature elsewhere with the same SignatureValue', () => {
    const xml = genuine('assertion');
    const sig = /<ds:Signature[\s\S]*?<\/ds:Signature>/.exec(xml)![0];
    const v = assertSameVerdicts(
      edit(xml, /(<\/saml:Issuer>)/, `$1<samlp:Extensions><holder>${sig}</holder></samlp:Extensions>`),
      'signature copy',
    );
    assert.ok(v.every((x) => !x.valid));
  });

  test('comments and processing instructions in SignedInfo, SignatureValue and the signed element', () => {
    const xml = genuine('assertion');
    const value = /<ds:SignatureValue>([^<]+)</.exec(xml)![1];
    const cases = [
      edit(xml, '<ds:SignedInfo>', '<ds:SignedInfo><!-- note -->'),
      edit(xml, '<ds:SignedInfo>', '<ds:SignedInfo><?pi data?>'),
      edit(xml, value, `${value.slice(0, 20)}<!---->${value.slice(20)}`),
      edit(xml, value, `<!---->${value}`),
      edit(xml, '<ds:SignatureValue>', '<ds:SignatureValue><?pi x?>'),
      edit(xml, 'alice@corp.test</saml:NameID>', 'alice@corp.test<!-- c --></saml:NameID>'),
      edit(xml, 'alice@corp.test</saml:NameID>', 'alice<?x @evil.test?>@corp.test</saml:NameID>'),
    ];
    for (const [i, c] of cases.entries()) assertSameVerdicts(c, `comment/pi ${i}`);
  });

  test('shapes left to xml-crypto: inclusive prefixes, inclusive c14n, other algorithms', () => {
    const base = genuine('assertion');
    const id = /<saml:Assertion [^>]*ID="([^"]+)"/.exec(base)![1];
    const unsigned = base.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');
    const withPrefixes = new SignedXml({
      privateKey: idpKey as never,
      publicCert: idp.certPem,
      signatureAlgorithm: ALGORITHMS['rsa-sha256'],
      canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
      inclusiveNamespacesPrefixList: ['saml'],
    });
    withPrefixes.addReference({
      xpath: `//*[@ID='${id}']`,
      transforms: [ALGORITHMS.enveloped, ALGORITHMS.excC14n],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha512',
      inclusiveNamespacesPrefixList: ['samlp', 'xs'],
    });
    withPrefixes.computeSignature(unsigned, {
      prefix: 'ds',
      location: { reference: `//*[@ID='${id}']/*[local-name(.)='Issuer']`, action: 'after' },
    });
    const cases = [
      withPrefixes.getSignedXml(),
      signXmlElement(unsigned, {
        id,
        key: idpKey,
        certPem: idp.certPem,
        signatureAlgorithm: 'rsa-sha1',
        digestAlgorithm: 'sha1',
      }),
    ];
    for (const [i, c] of cases.entries()) {
      const v = assertSameVerdicts(c, `left to xml-crypto ${i}`);
      assert.equal(v[0].valid, true, `case ${i}: ${v[0].detail}`);
    }
  });
});
