import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { NAMEID_FORMAT, STATUS } from '../../lib/saml/namespaces.ts';
import { MemoryReplayCache } from '../../lib/saml/validate/replay-cache.ts';
import type { ReplayCache, ValidationContext, ValidationResult } from '../../lib/saml/validate/types.ts';
import { RESPONSE_CHECKS, validateResponse } from '../../lib/saml/validate/validate-response.ts';
import {
  buildResponse,
  buildResponseXml,
  DEFAULT_ATTRIBUTES,
  type ResponseSpec,
  tempKeystore,
} from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const idpKey = ks.keystore.get('idp-test');
const rogueKey = ks.keystore.get('idp-rogue');

const NOW = new Date('2030-05-01T12:00:00Z');
const IDP = 'https://idp.example.test/adfs/services/trust';
const SP = 'http://127.0.0.1:4100/idb/org-1';
const ACS = 'http://127.0.0.1:4100/acs';
const REQUEST_ID = '_req-0001';

const seenCache = (): ReplayCache => ({ seen: () => true, add: () => {} });

function context(over: Partial<ValidationContext> = {}): ValidationContext {
  return {
    idp: { entityId: IDP, signingCerts: [idpKey.certPem] },
    sp: { entityId: SP, acsUrls: [ACS] },
    outstandingRequestIds: (id) => id === REQUEST_ID,
    allowUnsolicited: true,
    now: NOW,
    skewSeconds: 60,
    replayCache: new MemoryReplayCache(() => NOW),
    receivedAt: ACS,
    defects: new Set(),
    ...over,
  };
}

function spec(over: Partial<ResponseSpec> = {}): ResponseSpec {
  return {
    issuer: IDP,
    recipient: ACS,
    audience: SP,
    now: NOW,
    key: idpKey,
    inResponseTo: REQUEST_ID,
    ...over,
  };
}

function failed(r: ValidationResult): string[] {
  return r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
}

/** Each broken Response and the one check it must fail; `defect` names the seeded defect that lets it through. */
const VARIANTS: Array<{
  name: string;
  check: string;
  defect?: string;
  spec: Partial<ResponseSpec>;
  ctx?: Partial<ValidationContext>;
}> = [
  { name: 'unsigned', check: 'IDP-RESP-SIGNED', defect: 'accept-unsigned', spec: { sign: {} } },
  {
    name: 'wrong audience',
    check: 'IDP-COND-AUDIENCE',
    defect: 'skip-audience',
    spec: { audience: 'https://other-sp.example/sp' },
  },
  {
    name: 'expired',
    check: 'IDP-COND-TIME',
    defect: 'accept-expired',
    spec: { notBeforeOffsetS: -900, notOnOrAfterOffsetS: -300, scdNotOnOrAfterOffsetS: 300 },
  },
  {
    name: 'bearer confirmation expired',
    check: 'IDP-COND-TIME',
    defect: 'skip-scd-expiry',
    spec: { scdNotOnOrAfterOffsetS: -300 },
  },
  {
    name: 'future NotBefore',
    check: 'IDP-COND-TIME',
    defect: 'skip-notbefore',
    spec: { notBeforeOffsetS: 600, notOnOrAfterOffsetS: 900 },
  },
  {
    name: 'replay',
    check: 'IDP-ASSERT-UNIQUE',
    defect: 'no-replay-cache',
    spec: {},
    ctx: { replayCache: seenCache() },
  },
  {
    name: 'unknown InResponseTo',
    check: 'IDP-RESP-INRESPONSETO',
    defect: 'skip-inresponseto',
    spec: { inResponseTo: '_never-sent' },
  },
  {
    name: 'wrong Destination',
    check: 'IDP-RESP-DESTINATION',
    defect: 'skip-destination',
    spec: { destination: 'http://127.0.0.1:4100/other' },
  },
  {
    name: 'wrong Recipient',
    check: 'IDP-SUBJ-BEARER',
    defect: 'skip-recipient',
    spec: { recipient: 'http://127.0.0.1:4100/other', destination: ACS },
  },
  {
    name: 'wrong Issuer',
    check: 'IDP-RESP-ISSUER',
    defect: 'skip-issuer',
    spec: { issuer: 'https://evil.example/idp' },
  },
  {
    name: 'untrusted key, cert in KeyInfo',
    check: 'IDP-RESP-SIGNED',
    defect: 'trust-keyinfo',
    spec: { key: rogueKey },
  },
  { name: 'rsa-sha1', check: 'IDP-RESP-ALG', defect: 'any-algorithm', spec: { algorithm: 'rsa-sha1' } },
  { name: 'status Responder', check: 'IDP-RESP-STATUS', spec: { status: STATUS.responder } },
  {
    name: 'unsolicited while refused',
    check: 'IDP-RESP-INRESPONSETO',
    spec: { inResponseTo: null },
    ctx: { allowUnsolicited: false },
  },
  { name: 'EncryptedAssertion', check: 'IDP-ASSERT-UNIQUE', spec: { encrypted: true } },
  {
    name: 'NameID format x509',
    check: 'IDP-NAMEID-FORMAT',
    spec: { nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName' },
  },
  { name: 'uid missing', check: 'IDP-ATTR-UID', spec: { attributes: { firstname: ['Alice'] } } },
  { name: 'uid not an email', check: 'IDP-ATTR-UID', spec: { attributes: { uid: ['alice'] } } },
];

describe('validateResponse', () => {
  for (const sign of [{ assertion: true }, { response: true }, { response: true, assertion: true }]) {
    test(`accepts a valid Response (${JSON.stringify(sign)}) with every IDP-* check passing`, async () => {
      const r = await validateResponse(buildResponse(spec({ sign })), context());
      assert.equal(r.accepted, true);
      assert.deepEqual(
        r.checks.map((c) => [c.id, c.status]),
        RESPONSE_CHECKS.map(([id]) => [id, 'pass']),
      );
      assert.equal(r.identity?.nameId, '_transient-1');
      assert.equal(r.identity?.nameIdFormat, NAMEID_FORMAT.transient);
      assert.deepEqual(r.identity?.attributes, DEFAULT_ATTRIBUTES);
      assert.equal(r.identity?.sessionIndex, '_session1');
      assert.equal(r.identity?.issuer, IDP);
      assert.equal(r.inResponseTo, REQUEST_ID);
    });
  }

  for (const v of VARIANTS) {
    test(`rejects ${v.name}: only ${v.check} fails`, async () => {
      const r = await validateResponse(buildResponse(spec(v.spec)), context(v.ctx));
      assert.equal(r.accepted, false);
      assert.equal(r.identity, undefined);
      assert.deepEqual(failed(r), [v.check], JSON.stringify(r.checks, null, 1));
    });
  }

  test('details name expected and received values', async () => {
    const r = await validateResponse(
      buildResponse(spec({ audience: 'https://other-sp.example/sp' })),
      context(),
    );
    const audience = r.checks.find((c) => c.id === 'IDP-COND-AUDIENCE');
    assert.match(
      audience?.detail ?? '',
      /expected http:\/\/127\.0\.0\.1:4100\/idb\/org-1, got https:\/\/other-sp\.example\/sp/,
    );
  });

  test('a replayed Response is refused the second time', async () => {
    const ctx = context({ outstandingRequestIds: () => false });
    const samlResponse = buildResponse(spec({ inResponseTo: null }));
    assert.equal((await validateResponse(samlResponse, ctx)).accepted, true);
    const again = await validateResponse(samlResponse, ctx);
    assert.deepEqual(failed(again), ['IDP-ASSERT-UNIQUE']);
  });

  test('the outstanding request ID is looked up once (and so consumed once)', async () => {
    const asked: string[] = [];
    const r = await validateResponse(
      buildResponse(spec()),
      context({
        outstandingRequestIds: (id) => {
          asked.push(id);
          return true;
        },
      }),
    );
    assert.equal(r.accepted, true);
    assert.deepEqual(asked, [REQUEST_ID]);
  });

  describe('signature wrapping', () => {
    test('an unsigned assertion placed before the signed one is never used', async () => {
      const evil = { nameId: 'evil', uid: 'mallory@example.com' };
      for (const sign of [{ assertion: true }, { response: true }]) {
        const r = await validateResponse(buildResponse(spec({ sign, wrappedAssertion: evil })), context());
        assert.equal(r.accepted, false);
        assert.equal(r.identity, undefined);
        assert.ok(failed(r).includes('IDP-ASSERT-UNIQUE'), JSON.stringify(r.checks));
      }
    });

    test('a signed assertion moved out of place does not vouch for an unsigned one, even with accept-unsigned', async () => {
      const good = buildResponseXml(spec());
      const signedAssertion = good.slice(
        good.indexOf('<saml:Assertion'),
        good.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length,
      );
      const evil = buildResponseXml(spec({ sign: {}, attributes: { uid: ['mallory@example.com'] } }));
      const evilAssertion = evil.slice(
        evil.indexOf('<saml:Assertion'),
        evil.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length,
      );
      const wrapped = good
        .replace(signedAssertion, evilAssertion)
        .replace('<samlp:Status>', `<samlp:Extensions>${signedAssertion}</samlp:Extensions><samlp:Status>`);
      for (const defects of [new Set<string>(), new Set(['accept-unsigned'])]) {
        const r = await validateResponse(Buffer.from(wrapped).toString('base64'), context({ defects }));
        assert.equal(r.accepted, false);
        assert.equal(r.identity, undefined);
        const signed = r.checks.find((c) => c.id === 'IDP-RESP-SIGNED');
        assert.equal(signed?.status, 'fail');
        assert.match(signed?.detail ?? '', /signature wrapping/);
      }
    });

    test('a tampered signed assertion is rejected', async () => {
      const xml = buildResponseXml(spec()).replace('alice@example.com', 'mallory@example.com');
      const r = await validateResponse(Buffer.from(xml).toString('base64'), context());
      assert.equal(r.accepted, false);
      assert.deepEqual(failed(r), ['IDP-RESP-SIGNED']);
    });
  });

  describe('seeded defects', () => {
    for (const v of VARIANTS.filter((x) => x.defect)) {
      test(`${v.defect} lets "${v.name}" through as a warning`, async () => {
        const r = await validateResponse(
          buildResponse(spec(v.spec)),
          context({ ...v.ctx, defects: new Set([v.defect!]) }),
        );
        assert.equal(r.accepted, true, JSON.stringify(r.checks, null, 1));
        const c = r.checks.find((x) => x.id === v.check);
        assert.equal(c?.status, 'warn');
        assert.match(c?.detail ?? '', new RegExp(`^ignored: seeded defect ${v.defect}`));
        assert.deepEqual(
          r.checks.filter((x) => x.status !== 'pass' && x.id !== v.check).map((x) => [x.id, x.status]),
          v.defect === 'accept-unsigned' ? [['IDP-RESP-ALG', 'skip']] : [],
        );
      });
    }

    test('each defect lets through only its own case', async () => {
      const defects = [...new Set(VARIANTS.flatMap((v) => (v.defect ? [v.defect] : [])))];
      const runs = defects.flatMap((d) =>
        VARIANTS.map(async (v) => {
          const r = await validateResponse(
            buildResponse(spec(v.spec)),
            context({ ...v.ctx, defects: new Set([d]) }),
          );
          return { d, v: v.name, expected: v.defect === d, accepted: r.accepted };
        }),
      );
      const wrong = (await Promise.all(runs)).filter((x) => x.accepted !== x.expected);
      assert.deepEqual(wrong, []);
    });
  });

  describe('hostile or broken input', () => {
    const cases: Array<[string, string | undefined, string]> = [
      ['missing parameter', undefined, 'missing-parameter'],
      ['bad base64', '%%%not-base64%%%', 'bad-base64'],
      ['not XML', Buffer.from('this is not xml <').toString('base64'), 'not-xml'],
      [
        'DOCTYPE with entities',
        Buffer.from(
          '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>',
        ).toString('base64'),
        'doctype-forbidden',
      ],
      [
        'wrong root',
        Buffer.from('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>').toString(
          'base64',
        ),
        'wrong-root',
      ],
      ['oversized', Buffer.from(`<a>${'x'.repeat(300 * 1024)}</a>`).toString('base64'), 'too-large'],
    ];
    for (const [name, value, code] of cases) {
      test(`${name} → input error ${code}, IDP-RESP-XML fails, the rest skip`, async () => {
        const r = await validateResponse(value, context());
        assert.equal(r.accepted, false);
        assert.equal(r.inputError?.code, code);
        assert.deepEqual(failed(r), ['IDP-RESP-XML']);
        assert.equal(r.checks.filter((c) => c.status === 'skip').length, RESPONSE_CHECKS.length - 1);
      });
    }

    test('a schema-invalid Response fails IDP-RESP-XML with the first schema error', async () => {
      const xml = buildResponseXml(spec({ sign: { response: true } })).replace(
        '<samlp:Status>',
        '<samlp:Bogus/><samlp:Status>',
      );
      const r = await validateResponse(Buffer.from(xml).toString('base64'), context());
      assert.equal(r.accepted, false);
      const c = r.checks.find((x) => x.id === 'IDP-RESP-XML');
      assert.equal(c?.status, 'fail');
      assert.match(c?.detail ?? '', /schema: .*Bogus/);
    });
  });
});
