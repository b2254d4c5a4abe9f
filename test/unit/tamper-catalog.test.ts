import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { issueSelfSignedCertificate, pemFromBase64, privateKeyObject } from '../../lib/pki/certificate.ts';
import { decodeRedirectMessage } from '../../lib/saml/bindings.ts';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { ALGORITHMS, NS } from '../../lib/saml/namespaces.ts';
import { type BuiltResponse, buildResponse } from '../../lib/saml/response/build-response.ts';
import { childElements, descendants, firstChild, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import {
  compressionBomb,
  elementBomb,
  FORGED_VALUE_PREFIX,
  nameIdCommentGenuineNameId,
  OPEN_REDIRECTS,
  oversized,
  TAMPERS,
  type TamperContext,
  type TamperDef,
  TamperNotApplicable,
} from '../../lib/saml/tamper/index.ts';
import { readIdentity } from '../../lib/saml/validate/read-identity.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { xmlsecVerify as xmlsec1 } from '../support/xmlsec.ts';

const idp = issueSelfSignedCertificate({ commonName: 'accord-test-idp', organization: 'Accord Test IdP' });
const attacker = issueSelfSignedCertificate({ commonName: 'mallory' });
const idpKey = privateKeyObject(idp.keyPem);
const VICTIM = 'alice@corp.test';
const ATTACKER = 'mallory@evil.test';

const ctx: TamperContext = {
  attackerNameId: ATTACKER,
  attackerKey: { key: privateKeyObject(attacker.keyPem), certPem: attacker.certPem },
  realKey: { key: idpKey, certPem: idp.certPem },
};

type Signing = 'response' | 'assertion' | 'both';

function genuine(
  signing: Signing,
  nameId = VICTIM,
  attributes: Array<{ name: string; values: string[] }> = [{ name: 'uid', values: [nameId] }],
): BuiltResponse {
  const now = new Date('2026-01-01T00:00:00Z');
  const later = new Date('2026-01-01T00:05:00Z');
  return buildResponse(
    {
      issuer: 'https://idp.accord.test',
      destination: 'https://sp.accord.test/acs',
      inResponseTo: '_req1',
      audience: 'https://sp.accord.test',
      recipient: 'https://sp.accord.test/acs',
      nameId: { value: nameId, format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
      attributes,
      issueInstant: now,
      notBefore: now,
      notOnOrAfter: later,
      subjectConfirmationNotOnOrAfter: later,
      sessionIndex: '_session1',
      authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    },
    {
      signResponse: signing !== 'assertion',
      signAssertion: signing !== 'response',
      key: idpKey,
      certPem: idp.certPem,
    },
  );
}

function tamper(name: string): TamperDef {
  const t = TAMPERS.get(name);
  assert.ok(t, `no tamper named ${name}`);
  return t;
}

/**
 * xmlsec1, an implementation that is not ours, verifying the one ds:Signature whose Reference
 * points at `#refId`, with `certPem` as the only key.
 */
function xmlsec(xml: string, certPem: string, refId: string): { ok: boolean; output: string } {
  return xmlsec1(xml, certPem, {
    idElements: [`${NS.saml}:Assertion`, `${NS.samlp}:Response`],
    storeReferences: true,
    nodeXpath: `//*[local-name()='Signature' and namespace-uri()='${NS.ds}'][*[local-name()='SignedInfo']/*[local-name()='Reference']/@URI='#${refId}']`,
  });
}

/** xml-crypto used bare (signature checked, nothing tied to where the signed element sits). */
function xmlCryptoBare(xml: string, certPem: string, refId: string): boolean {
  const doc = parseUntrustedXml(xml, 'tampered', Number.MAX_SAFE_INTEGER);
  const sig = descendants(doc.documentElement!, NS.ds, 'Signature').find((s) =>
    descendants(s, NS.ds, 'Reference').some((r) => r.getAttribute('URI') === `#${refId}`),
  );
  assert.ok(sig, `no signature refers to #${refId}`);
  const sx = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
  sx.loadSignature(sig.toString());
  return sx.checkSignature(xml);
}

function subjectNameIdOf(assertion: Element | undefined): Element | undefined {
  const subject = assertion && firstChild(assertion, NS.saml, 'Subject');
  return subject && firstChild(subject, NS.saml, 'NameID');
}

/** The NameIDs a consumer gets when it reads claims only from the canonical XML a valid signature covered. */
function signedNameIds(xml: string, trustedCertsPem = [idp.certPem]): string[] {
  const root = parseUntrustedXml(xml, 'tampered', Number.MAX_SAFE_INTEGER).documentElement!;
  const out: string[] = [];
  for (const v of verifyEnvelopedSignatures(xml, root, { trustedCertsPem })) {
    if (!v.valid || !v.signedXml) continue;
    const signed = parseUntrustedXml(v.signedXml, 'signed part').documentElement!;
    const assertions =
      signed.localName === 'Assertion' ? [signed] : childElements(signed, NS.saml, 'Assertion');
    for (const a of assertions) out.push(subjectNameIdOf(a)?.textContent ?? '');
  }
  return out;
}

/** Where a reader that does not tie claims to the verified element takes the subject from. */
type NaiveRead = 'first-direct-assertion' | 'last-direct-assertion' | 'first-assertion-anywhere';

function naiveNameId(xml: string, how: NaiveRead): string | undefined {
  const root = parseUntrustedXml(xml, 'tampered', Number.MAX_SAFE_INTEGER).documentElement!;
  const direct = childElements(root, NS.saml, 'Assertion');
  const assertion =
    how === 'first-direct-assertion'
      ? direct[0]
      : how === 'last-direct-assertion'
        ? direct[direct.length - 1]
        : descendants(root, NS.saml, 'Assertion')[0];
  return subjectNameIdOf(assertion)?.textContent ?? undefined;
}

interface XswCase {
  name: string;
  signing: Signing;
  /** False where a conformant enveloped-signature transform cannot verify the wrapped copy (see xsw.ts). */
  xmlsecInPlace: boolean;
  naive: NaiveRead;
  /** What reading only from signed XML yields. */
  signed: string[];
}

const XSW_CASES: XswCase[] = [
  { name: 'xsw1', signing: 'response', xmlsecInPlace: false, naive: 'first-direct-assertion', signed: [] },
  { name: 'xsw2', signing: 'response', xmlsecInPlace: true, naive: 'first-direct-assertion', signed: [] },
  {
    name: 'xsw3',
    signing: 'assertion',
    xmlsecInPlace: true,
    naive: 'first-direct-assertion',
    signed: [VICTIM],
  },
  {
    name: 'xsw4',
    signing: 'assertion',
    xmlsecInPlace: true,
    naive: 'first-direct-assertion',
    signed: [VICTIM],
  },
  { name: 'xsw5', signing: 'assertion', xmlsecInPlace: true, naive: 'first-direct-assertion', signed: [] },
  { name: 'xsw6', signing: 'assertion', xmlsecInPlace: false, naive: 'first-direct-assertion', signed: [] },
  {
    name: 'xsw7',
    signing: 'assertion',
    xmlsecInPlace: true,
    naive: 'first-assertion-anywhere',
    signed: [VICTIM],
  },
  { name: 'xsw8', signing: 'assertion', xmlsecInPlace: false, naive: 'first-direct-assertion', signed: [] },
  {
    name: 'xsw-appended-assertion',
    signing: 'assertion',
    xmlsecInPlace: true,
    naive: 'last-direct-assertion',
    signed: [VICTIM],
  },
];

describe('signature wrapping', () => {
  for (const c of XSW_CASES) {
    test(`${c.name}: the genuine signature still covers the genuine element; the naive read is the attacker's`, () => {
      const g = genuine(c.signing);
      assert.equal(
        tamper(c.name).needs,
        c.signing === 'response' ? 'response-signature' : 'assertion-signature',
      );
      const refId = c.signing === 'response' ? g.responseId : g.assertionIds[0];
      const xml = tamper(c.name).apply(g.xml, ctx);

      const inPlace = xmlsec(xml, idp.certPem, refId);
      assert.equal(inPlace.ok, c.xmlsecInPlace, inPlace.output);
      assert.equal(xmlCryptoBare(xml, idp.certPem, refId), true);

      assert.equal(naiveNameId(xml, c.naive), ATTACKER);
      assert.deepEqual(signedNameIds(xml), c.signed);
    });
  }

  test('xsw1, xsw6 and xsw8 fail in xmlsec1 on the Signature structure or the digest, not on the key', () => {
    for (const [name, signing] of [
      ['xsw1', 'response'],
      ['xsw6', 'assertion'],
      ['xsw8', 'assertion'],
    ] as const) {
      const g = genuine(signing);
      const refId = signing === 'response' ? g.responseId : g.assertionIds[0];
      const out = xmlsec(tamper(name).apply(g.xml, ctx), idp.certPem, refId).output;
      assert.match(
        out,
        name === 'xsw8' ? /data and digest do not match/ : /unexpected node/,
        `${name}: ${out}`,
      );
    }
  });

  test('forged elements get fresh IDs: no ID occurs twice', () => {
    for (const c of XSW_CASES) {
      const xml = tamper(c.name).apply(genuine('both').xml, ctx);
      const ids = [...xml.matchAll(/\sID="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, `${c.name}: ${ids.join(', ')}`);
    }
  });

  test('the forged assertion carries the attacker in NameID and in attributes that repeated the NameID', () => {
    const xml = tamper('xsw3').apply(genuine('assertion').xml, ctx);
    const forged = childElements(parseUntrustedXml(xml).documentElement!, NS.saml, 'Assertion')[0];
    assert.equal(firstChild(forged, NS.ds, 'Signature'), undefined);
    assert.match(forged.getAttribute('ID') ?? '', /^_evil_/);
    assert.deepEqual(
      descendants(forged, NS.saml, 'AttributeValue').map((v) => v.textContent),
      [ATTACKER],
    );
  });

  test('with both parts signed, reading only signed XML never yields the attacker', () => {
    for (const c of XSW_CASES) {
      const xml = tamper(c.name).apply(genuine('both').xml, ctx);
      assert.ok(!signedNameIds(xml).includes(ATTACKER), c.name);
    }
  });

  test('a variant refuses a Response that lacks the signature it wraps', () => {
    assert.throws(() => tamper('xsw1').apply(genuine('assertion').xml, ctx), TamperNotApplicable);
    assert.throws(() => tamper('xsw3').apply(genuine('response').xml, ctx), TamperNotApplicable);
  });
});

describe('nameid-comment', () => {
  const target = 'victim@corp.test';
  const genuineNameId = nameIdCommentGenuineNameId(target);
  const commentCtx = { ...ctx, attackerNameId: target };

  test('the genuine Response must carry the target plus a domain the attacker controls', () => {
    assert.equal(genuineNameId, 'victim@corp.test.evil.test');
  });

  test('signature still verifies; the first text node is the target, the text content the genuine value', () => {
    const g = genuine('both', genuineNameId);
    const xml = tamper('nameid-comment').apply(g.xml, commentCtx);
    assert.match(xml, /victim@corp\.test<!---->\.evil\.test/);
    assert.equal(xmlsec(xml, idp.certPem, g.assertionIds[0]).ok, true);
    assert.equal(xmlsec(xml, idp.certPem, g.responseId).ok, true);
    const assertion = childElements(parseUntrustedXml(xml).documentElement!, NS.saml, 'Assertion')[0];
    const nameId = subjectNameIdOf(assertion)!;
    assert.equal(nameId.firstChild?.nodeValue, target);
    assert.equal(nameId.textContent, genuineNameId);
    const uid = descendants(assertion, NS.saml, 'AttributeValue')[0];
    assert.equal(uid.firstChild?.nodeValue, target);
    assert.deepEqual(signedNameIds(xml), [genuineNameId, genuineNameId]);
  });

  test('without the IdP key, a NameID that does not start with the target is refused, naming the NameID needed', () => {
    assert.throws(
      () =>
        tamper('nameid-comment').apply(genuine('assertion', 'bob@corp.test').xml, {
          ...commentCtx,
          realKey: undefined,
        }),
      (e: Error) => e instanceof TamperNotApplicable && e.message.includes(genuineNameId),
    );
  });

  test('with the IdP key, any genuine Response is first re-issued for the attacker account, then split', () => {
    const g = genuine('both', 'bob@corp.test');
    const xml = tamper('nameid-comment').apply(g.xml, commentCtx);
    assert.match(xml, /victim@corp\.test<!---->\.evil\.test/);
    assert.equal(xmlsec(xml, idp.certPem, g.assertionIds[0]).ok, true);
    assert.equal(xmlsec(xml, idp.certPem, g.responseId).ok, true);
    assert.deepEqual(signedNameIds(xml), [genuineNameId, genuineNameId]);
    const uid = descendants(parseUntrustedXml(xml).documentElement!, NS.saml, 'AttributeValue')[0];
    assert.equal(uid.textContent, genuineNameId);
  });
});

describe('signature removal and damage', () => {
  test('strip-signature removes every signature and nothing else', () => {
    const xml = tamper('strip-signature').apply(genuine('both').xml, ctx);
    const root = parseUntrustedXml(xml).documentElement!;
    assert.equal(descendants(root, NS.ds, 'Signature').length, 0);
    assert.equal(naiveNameId(xml, 'first-direct-assertion'), VICTIM);
    assert.deepEqual(signedNameIds(xml), []);
  });

  test('empty-signature-value leaves the signatures in place but unverifiable', () => {
    const g = genuine('both');
    const xml = tamper('empty-signature-value').apply(g.xml, ctx);
    const root = parseUntrustedXml(xml).documentElement!;
    assert.deepEqual(
      descendants(root, NS.ds, 'SignatureValue').map((v) => v.textContent),
      ['', ''],
    );
    assert.equal(xmlsec(xml, idp.certPem, g.assertionIds[0]).ok, false);
    const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] });
    assert.equal(verdicts.length, 2);
    assert.ok(verdicts.every((v) => !v.valid));
  });

  test('digest-comment splits DigestValue; a correct verifier still accepts the message', () => {
    const g = genuine('both');
    const xml = tamper('digest-comment').apply(g.xml, ctx);
    const root = parseUntrustedXml(xml).documentElement!;
    const genuineRoot = parseUntrustedXml(g.xml).documentElement!;
    const digests = descendants(root, NS.ds, 'DigestValue');
    const genuineDigests = descendants(genuineRoot, NS.ds, 'DigestValue').map((d) => d.textContent ?? '');
    assert.equal(digests.length, 2);
    digests.forEach((d, i) => {
      assert.equal(d.textContent, genuineDigests[i]);
      assert.equal(
        d.firstChild?.nodeValue,
        genuineDigests[i].slice(0, Math.floor(genuineDigests[i].length / 2)),
      );
      assert.equal(d.childNodes.length, 3);
    });
    assert.equal(xmlsec(xml, idp.certPem, g.responseId).ok, true);
    assert.equal(xmlsec(xml, idp.certPem, g.assertionIds[0]).ok, true);
    assert.deepEqual(signedNameIds(xml), [VICTIM, VICTIM]);
  });

  test('two-references without the IdP key: both digests match, the signature value does not', () => {
    const g = genuine('assertion');
    const xml = tamper('two-references').apply(g.xml, { ...ctx, realKey: undefined });
    const root = parseUntrustedXml(xml).documentElement!;
    const [forged, signed] = childElements(root, NS.saml, 'Assertion');
    assert.equal(subjectNameIdOf(forged)?.textContent, ATTACKER);
    const refs = descendants(firstChild(signed, NS.ds, 'Signature')!, NS.ds, 'Reference');
    assert.deepEqual(
      refs.map((r) => r.getAttribute('URI')),
      [`#${g.assertionIds[0]}`, `#${forged.getAttribute('ID')}`],
    );
    const out = xmlsec(xml, idp.certPem, g.assertionIds[0]);
    assert.equal(out.ok, false);
    assert.match(out.output, /SignedInfo References \(ok\/all\): 2\/2/);
  });

  test('two-references with the IdP key: xmlsec1 verifies it, the single-Reference rule alone refuses it', () => {
    const g = genuine('assertion');
    const xml = tamper('two-references').apply(g.xml, ctx);
    const out = xmlsec(xml, idp.certPem, g.assertionIds[0]);
    assert.equal(out.ok, true, out.output);
    const root = parseUntrustedXml(xml).documentElement!;
    const verdict = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] })[0];
    assert.equal(verdict.valid, false);
    assert.match(verdict.detail, /2 References/);
  });

  test('digest-comment-forged: the forged digest hides in a comment, the genuine text stays, xmlsec1 refuses', () => {
    for (const signing of ['assertion', 'response', 'both'] as const) {
      const g = genuine(signing);
      const xml = tamper('digest-comment-forged').apply(g.xml, ctx);
      const root = parseUntrustedXml(xml).documentElement!;
      const genuineDigests = descendants(parseUntrustedXml(g.xml).documentElement!, NS.ds, 'DigestValue').map(
        (d) => d.textContent,
      );
      const digests = descendants(root, NS.ds, 'DigestValue');
      digests.forEach((d, i) => {
        assert.equal(d.firstChild?.nodeType, 8, `${signing}: a comment comes first`);
        assert.equal(d.textContent, genuineDigests[i], `${signing}: the text is the genuine digest`);
        assert.notEqual(d.firstChild?.nodeValue, genuineDigests[i]);
      });
      assert.equal(naiveNameId(xml, 'first-direct-assertion'), ATTACKER);
      const refId = signing === 'response' ? g.responseId : g.assertionIds[0];
      assert.equal(xmlsec(xml, idp.certPem, refId).ok, false, signing);
      assert.deepEqual(signedNameIds(xml), [], signing);
    }
  });
});

function keyInfoCertificate(xml: string): string {
  const b64 =
    descendants(parseUntrustedXml(xml).documentElement!, NS.ds, 'X509Certificate')[0]?.textContent ?? '';
  return pemFromBase64(b64);
}

describe('re-signing', () => {
  test("keyinfo-attacker-cert verifies with the attacker's certificate only", () => {
    const g = genuine('both');
    const xml = tamper('keyinfo-attacker-cert').apply(g.xml, ctx);
    for (const id of [g.responseId, g.assertionIds[0]]) {
      assert.equal(xmlsec(xml, attacker.certPem, id).ok, true, id);
      assert.equal(xmlsec(xml, idp.certPem, id).ok, false, id);
    }
    assert.equal(naiveNameId(xml, 'first-direct-assertion'), ATTACKER);
    assert.equal(
      new X509Certificate(keyInfoCertificate(xml)).fingerprint256,
      new X509Certificate(attacker.certPem).fingerprint256,
    );
    assert.deepEqual(signedNameIds(xml), []);
    const root = parseUntrustedXml(xml).documentElement!;
    const trusting = verifyEnvelopedSignatures(xml, root, {
      trustedCertsPem: [idp.certPem],
      trustKeyInfo: true,
    });
    assert.ok(trusting.every((v) => v.valid && v.verifiedBy === 'keyinfo'));
  });

  test('keyinfo-attacker-cert re-signs only what the genuine Response had signed', () => {
    const g = genuine('assertion');
    const xml = tamper('keyinfo-attacker-cert').apply(g.xml, ctx);
    const root = parseUntrustedXml(xml).documentElement!;
    assert.equal(firstChild(root, NS.ds, 'Signature'), undefined);
    assert.equal(xmlsec(xml, attacker.certPem, g.assertionIds[0]).ok, true);
  });

  test("attacker-cert-same-subject: the IdP certificate's names on the attacker's key", () => {
    const g = genuine('both');
    for (const c of [ctx, { ...ctx, realKey: undefined }]) {
      const xml = tamper('attacker-cert-same-subject').apply(g.xml, c);
      const forged = new X509Certificate(keyInfoCertificate(xml));
      const real = new X509Certificate(idp.certPem);
      assert.equal(forged.subject, real.subject);
      assert.equal(forged.issuer, real.issuer);
      assert.equal(forged.serialNumber, real.serialNumber);
      assert.notEqual(forged.fingerprint256, real.fingerprint256);
      assert.ok(forged.publicKey.equals(new X509Certificate(attacker.certPem).publicKey));
      for (const id of [g.responseId, g.assertionIds[0]]) {
        assert.equal(xmlsec(xml, forged.toString(), id).ok, true, id);
        assert.equal(xmlsec(xml, idp.certPem, id).ok, false, id);
      }
      assert.equal(naiveNameId(xml, 'first-direct-assertion'), ATTACKER);
      assert.deepEqual(signedNameIds(xml), []);
    }
  });

  test('sha1-downgrade: same content, rsa-sha1 and sha1 by the real key', () => {
    const g = genuine('both');
    const xml = tamper('sha1-downgrade').apply(g.xml, ctx);
    const root = parseUntrustedXml(xml).documentElement!;
    assert.deepEqual(
      descendants(root, NS.ds, 'SignatureMethod').map((m) => m.getAttribute('Algorithm')),
      [ALGORITHMS['rsa-sha1'], ALGORITHMS['rsa-sha1']],
    );
    assert.deepEqual(
      descendants(root, NS.ds, 'DigestMethod').map((m) => m.getAttribute('Algorithm')),
      [ALGORITHMS.sha1, ALGORITHMS.sha1],
    );
    for (const id of [g.responseId, g.assertionIds[0]])
      assert.equal(xmlsec(xml, idp.certPem, id).ok, true, id);
    const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] });
    assert.ok(verdicts.every((v) => v.valid && v.signatureAlgorithm === ALGORITHMS['rsa-sha1']));
    assert.deepEqual(signedNameIds(xml), [VICTIM, VICTIM]);
  });

  test('sha1-downgrade needs the real key', () => {
    assert.throws(
      () => tamper('sha1-downgrade').apply(genuine('both').xml, { ...ctx, realKey: undefined }),
      TamperNotApplicable,
    );
  });
});

function inputErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof SamlInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('hostile XML', () => {
  test('doctype-xxe names an external DTD, parameter entity and general entity; refused before parsing', () => {
    const xml = tamper('doctype-xxe').apply(genuine('both').xml, {
      ...ctx,
      xxeUrl: 'http://127.0.0.1:9/xxe',
    });
    assert.match(
      xml,
      /^<!DOCTYPE samlp:Response SYSTEM "http:\/\/127\.0\.0\.1:9\/xxe\/external-dtd" \[<!ENTITY % remote SYSTEM "http:\/\/127\.0\.0\.1:9\/xxe\/parameter-entity">%remote;<!ENTITY xxe SYSTEM "http:\/\/127\.0\.0\.1:9\/xxe\/general-entity">\]>/,
    );
    assert.match(xml, /<saml:NameID[^>]*>&xxe;<\/saml:NameID>/);
    assert.match(
      tamper('doctype-xxe').apply(genuine('both').xml, ctx),
      /^<!DOCTYPE samlp:Response \[<!ENTITY xxe SYSTEM "file:\/\/\/etc\/passwd">\]>/,
    );
    assert.equal(
      inputErrorCode(() => parseUntrustedXml(xml)),
      'doctype-forbidden',
    );
  });

  test('billion-laughs nests ten entity levels; refused before parsing', () => {
    const xml = tamper('billion-laughs').apply(genuine('assertion').xml, ctx);
    assert.equal((xml.match(/<!ENTITY lol\d /g) ?? []).length, 10);
    assert.match(xml, />&lol9;</);
    assert.equal(
      inputErrorCode(() => parseUntrustedXml(xml)),
      'doctype-forbidden',
    );
  });

  test('entity-expansion nests ten entities that expand to exactly the signed NameID', () => {
    const g = genuine('both', 'dana.o&brien<x>@corp.test');
    const xml = tamper('entity-expansion').apply(g.xml, ctx);
    assert.equal((xml.match(/<!ENTITY n\d /g) ?? []).length, 10);
    assert.match(xml, /<saml:NameID[^>]*>&n9;<\/saml:NameID>/);
    assert.equal(
      inputErrorCode(() => parseUntrustedXml(xml)),
      'doctype-forbidden',
    );
    // What an entity-expanding parser makes of it, in two steps as XML 1.0 4.5 describes.
    const values = new Map<string, string>();
    for (const m of xml.matchAll(/<!ENTITY (n\d) "([^"]*)">/g)) {
      values.set(
        m[1],
        m[2].replace(/&#(\d+);/g, (_x, n) => String.fromCharCode(Number(n))),
      );
    }
    const expand = (t: string): string => t.replace(/&(n\d);/g, (_x, n) => expand(values.get(n)!));
    const body = expand(xml.replace(/<!DOCTYPE[^[]*\[[\s\S]*?\]>\s*/, ''));
    assert.equal(xmlsec(body, idp.certPem, g.assertionIds[0]).ok, true);
    assert.equal(xmlsec(body, idp.certPem, g.responseId).ok, true);
  });

  test('two-roots appends a forged Response as a second root; not XML', () => {
    const xml = tamper('two-roots').apply(genuine('both').xml, ctx);
    assert.equal((xml.match(/<samlp:Response /g) ?? []).length, 2);
    assert.match(xml, new RegExp(ATTACKER.replace(/\./g, '\\.')));
    assert.equal(
      inputErrorCode(() => parseUntrustedXml(xml)),
      'not-xml',
    );
  });

  test('compressionBomb inflates to exactly the size asked, and the Redirect decoder stops it', () => {
    const size = 2 * 1024 * 1024 + 17;
    const bomb = compressionBomb(size);
    assert.ok(bomb.length < 16 * 1024, `${bomb.length} characters`);
    assert.equal(decodeRedirectMessage(bomb, 'SAMLRequest', size).length, size);
    assert.equal(
      inputErrorCode(() => decodeRedirectMessage(bomb, 'SAMLRequest', size - 1)),
      'too-large',
    );
    assert.equal(
      inputErrorCode(() => decodeRedirectMessage(compressionBomb(64 * 1024 * 1024))),
      'too-large',
    );
    const small = decodeRedirectMessage(compressionBomb(4096));
    assert.equal(parseUntrustedXml(small).documentElement?.localName, 'AuthnRequest');
  });

  test('elementBomb inflates to exactly the size asked, a quarter of a million elements per megabyte', () => {
    const size = 1024 * 1024 + 3;
    const bomb = elementBomb(size);
    assert.ok(bomb.length < 4 * 1024, `${bomb.length} characters`);
    const xml = decodeRedirectMessage(bomb, 'SAMLRequest', size);
    assert.equal(xml.length, size);
    assert.ok((xml.match(/<a\/>/g) ?? []).length > 250_000);
    assert.equal(
      inputErrorCode(() => decodeRedirectMessage(bomb)),
      'too-large',
    );
  });

  test('oversized pads to the exact size and keeps the signature valid', () => {
    const g = genuine('both');
    const xml = oversized(g.xml, 300 * 1024);
    assert.equal(Buffer.byteLength(xml, 'utf8'), 300 * 1024);
    assert.equal(xmlsec(xml, idp.certPem, g.responseId).ok, true);
    assert.equal(
      inputErrorCode(() => parseUntrustedXml(xml)),
      'too-large',
    );
    assert.throws(() => oversized(g.xml, 100), RangeError);
  });
});

/*
 * forged-attributes keeps the genuine subject and forges only the attribute values, in an unsigned
 * assertion before the signed one: the signed assertion still verifies and still says what the IdP
 * asserted, while a reader of the first assertion gets the genuine NameID with forged values.
 */
describe('forged-attributes', () => {
  test('the forged assertion comes first, unsigned, with the genuine NameID and every other value forged', () => {
    const g = genuine('assertion', VICTIM, [
      { name: 'mail', values: [VICTIM] },
      { name: 'givenName', values: ['Alice'] },
      { name: 'groups', values: ['staff', 'sales'] },
    ]);
    const xml = tamper('forged-attributes').apply(g.xml, ctx);
    const root = parseUntrustedXml(xml, 'tampered', Number.MAX_SAFE_INTEGER).documentElement!;
    const [forged, signed] = childElements(root, NS.saml, 'Assertion');
    assert.equal(firstChild(forged, NS.ds, 'Signature'), undefined);
    assert.notEqual(forged.getAttribute('ID'), signed.getAttribute('ID'));
    const seen = readIdentity(forged);
    assert.equal(seen?.nameId, VICTIM);
    assert.deepEqual(seen?.attributes, {
      mail: [VICTIM],
      givenName: [`${FORGED_VALUE_PREFIX}Alice`],
      groups: [`${FORGED_VALUE_PREFIX}staff`, `${FORGED_VALUE_PREFIX}sales`],
    });
    // The genuine assertion is untouched: its signature verifies and its values are the IdP's.
    assert.deepEqual(signedNameIds(xml), [VICTIM]);
    assert.deepEqual(
      descendants(signed, NS.saml, 'AttributeValue').map((v) => v.textContent),
      [VICTIM, 'Alice', 'staff', 'sales'],
    );
  });

  test('an assertion whose only values repeat the NameID has nothing to forge', () => {
    assert.throws(
      () => tamper('forged-attributes').apply(genuine('assertion').xml, ctx),
      TamperNotApplicable,
    );
  });
});

describe('catalogue', () => {
  test('every listed attack is present, named by its key, with a title, a source and what it needs', () => {
    const expected = [
      'xsw1',
      'xsw2',
      'xsw3',
      'xsw4',
      'xsw5',
      'xsw6',
      'xsw7',
      'xsw8',
      'xsw-appended-assertion',
      'nameid-comment',
      'strip-signature',
      'empty-signature-value',
      'keyinfo-attacker-cert',
      'attacker-cert-same-subject',
      'digest-comment',
      'digest-comment-forged',
      'two-references',
      'sha1-downgrade',
      'doctype-xxe',
      'billion-laughs',
      'entity-expansion',
      'two-roots',
      'forged-attributes',
    ];
    assert.deepEqual([...TAMPERS.keys()].sort(), [...expected].sort());
    for (const [name, t] of TAMPERS) {
      assert.equal(t.name, name);
      assert.ok(t.title.length > 0 && t.source.length > 0, name);
      assert.ok(['response-signature', 'assertion-signature', 'any'].includes(t.needs), name);
    }
  });

  test('mutations are pure: the same input gives the same output', () => {
    const g = genuine('both');
    for (const name of ['xsw3', 'xsw7', 'digest-comment', 'strip-signature', 'two-roots']) {
      assert.equal(tamper(name).apply(g.xml, ctx), tamper(name).apply(g.xml, ctx), name);
    }
  });

  test('open-redirect RelayState values', () => {
    assert.deepEqual(OPEN_REDIRECTS, [
      'https://evil.test',
      '//evil.test',
      'https://trusted@evil.test',
      '/\\evil.test',
      'javascript:alert(1)',
    ]);
  });
});
