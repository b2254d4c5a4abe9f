import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import type { Health, SpInfo } from '../../lib/admin/protocol.ts';
import { privateKeyObject } from '../../lib/pki/index.ts';
import {
  buildRedirectQuery,
  decodePostMessage,
  decodeRedirectMessage,
  verifyRedirectSignature,
} from '../../lib/saml/bindings.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';
import { RP_DEFECTS } from '../../simulators/rp/index.ts';
import { parseSpDefects, type RunningSp, SP_DEFECTS, startSpSimulator } from '../../simulators/sp/index.ts';
import type { SpSimulatorOptions } from '../../simulators/sp/options.ts';
import { buildResponse, idpMetadataXml, type ResponseSpec, tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const idpKey = ks.keystore.get('idp-test');
const IDP = 'https://idp.example.test/idp';
const SSO = 'https://idp.example.test/sso';
const SLO = 'https://idp.example.test/slo';

/** A browser's cookie jar for one origin, kept by hand since fetch keeps none. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(path.startsWith('http') ? path : `${this.base}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, v] = pair.split('=');
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(k.trim());
      else this.cookies.set(k.trim(), v.trim());
    }
    return res;
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }
}

async function startTrusting(opts: SpSimulatorOptions = {}): Promise<RunningSp> {
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-test', ...opts });
  const res = await fetch(`${sp.url}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: idpMetadataXml({ entityId: IDP, certPem: idpKey.certPem, ssoUrl: SSO, sloUrl: SLO }),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { entityId: IDP });
  return sp;
}

function responseFor(sp: RunningSp, over: Partial<ResponseSpec> = {}): string {
  return buildResponse({
    issuer: IDP,
    recipient: sp.info.acsUrl,
    audience: sp.info.entityId,
    now: new Date(),
    key: idpKey,
    ...over,
  });
}

function xmlRoot(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
}

/** Starts SP-initiated login by Redirect and returns the AuthnRequest the IdP would receive. */
async function startLogin(b: Browser, query = '') {
  const res = await b.fetch(`/login${query}`);
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location')!);
  const rawQuery = location.search.slice(1);
  const xml = decodeRedirectMessage(location.searchParams.get('SAMLRequest')!);
  const el = xmlRoot(xml);
  return { location, rawQuery, xml, id: el.getAttribute('ID')!, el };
}

async function trace(sp: RunningSp): Promise<TraceEntry[]> {
  return (await fetch(`${sp.url}/__accord/trace`)).json() as Promise<TraceEntry[]>;
}

async function errorCheckOf(res: Response): Promise<string | undefined> {
  return /data-check="([^"]*)"/.exec(await res.text())?.[1];
}

describe('reference SP over HTTP', () => {
  let sp: RunningSp;
  before(async () => {
    sp = await startTrusting();
  });
  after(() => sp.close());

  test('admin API: health and info follow lib/admin/protocol.ts', async () => {
    const health = (await (await fetch(`${sp.url}/__accord/health`)).json()) as Health;
    assert.deepEqual(health, { ok: true, role: 'sp', name: 'reference-sp', defects: [] });
    const info = (await (await fetch(`${sp.url}/__accord/info`)).json()) as SpInfo;
    assert.deepEqual(info, {
      role: 'sp',
      entityId: 'https://idbroker.accord.test/reference-sp/idb/org-test',
      baseUrl: sp.url,
      metadataUrl: `${sp.url}/idb-meta-org-test-SP.xml`,
      acsUrl: `${sp.url}/acs`,
      loginUrl: `${sp.url}/login`,
      logoutUrl: `${sp.url}/logout`,
      sloUrl: `${sp.url}/slo`,
      orgId: 'org-test',
    });
  });

  test('SP metadata is refused as a peer, naming the problem', async () => {
    const md = await (await fetch(sp.info.metadataUrl)).text();
    const res = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: md,
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /no IDPSSODescriptor/);
    const empty = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<x/>',
    });
    assert.equal(empty.status, 400);
  });

  test('SP-initiated login by Redirect signs the user in and /me shows them', async () => {
    const b = new Browser(sp.url);
    const req = await startLogin(b, '?RelayState=%2Fme%3Ffrom%3Drelay');
    assert.deepEqual(b.cookieNames(), [`accord_sp_${new URL(sp.url).port}`]);
    assert.equal(`${req.location.origin}${req.location.pathname}`, SSO);
    assert.equal(req.location.searchParams.get('RelayState'), '/me?from=relay');
    assert.equal(verifyRedirectSignature(req.rawQuery, [ks.keystore.get('sp-org-test').certPem]).valid, true);
    assert.equal(req.el.getElementsByTagNameNS(NS.saml, 'Issuer')[0].textContent, sp.info.entityId);
    assert.equal(req.el.getAttribute('Destination'), SSO);
    assert.equal(req.el.getAttribute('AssertionConsumerServiceURL'), sp.info.acsUrl);

    const res = await b.post('/acs', {
      SAMLResponse: responseFor(sp, { inResponseTo: req.id }),
      RelayState: '/me?from=relay',
    });
    assert.equal(res.status, 303, await res.clone().text());
    assert.equal(res.headers.get('location'), '/me?from=relay');

    const me = await b.fetch('/me?from=relay');
    assert.equal(me.status, 200);
    const html = await me.text();
    assert.match(html, /data-email="alice@example\.com"/);
    assert.match(html, /id="user-first-name">Alice</);
    assert.match(html, /id="user-last-name">Liddell</);
    assert.match(html, /id="user-display-name">Alice Liddell</);
    assert.match(html, /id="user-groups">c65f7d85-b691-42b8-a20b-123456789abc</);
    assert.match(html, /href="\/logout"/);
    assert.doesNotMatch(html, /_transient-1/, 'the signed-in page names the user, not what was asserted');
    const asserted = await (await b.fetch('/me/assertion')).text();
    assert.match(asserted, /id="session-nameid">_transient-1</);

    const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{
      email: string;
      source: string;
    }>;
    assert.ok(users.some((u) => u.email === 'alice@example.com' && u.source === 'jit'));

    const entries = await trace(sp);
    const out = entries.find((e) => e.kind === 'AuthnRequest' && e.info?.id === req.id);
    assert.equal(out?.binding, 'HTTP-Redirect');
    const answer = entries.find((e) => e.kind === 'Response' && e.info?.inResponseTo === req.id);
    assert.equal(answer?.info?.accepted, true);
    assert.equal(answer?.info?.relayState, '/me?from=relay');
    assert.ok(
      answer?.checks?.length && answer.checks.every((c) => c.status === 'pass'),
      JSON.stringify(answer?.checks),
    );
  });

  test('the same Response presented again is refused', async () => {
    const b = new Browser(sp.url);
    const req = await startLogin(b);
    const samlResponse = responseFor(sp, { inResponseTo: req.id });
    assert.equal((await b.post('/acs', { SAMLResponse: samlResponse })).status, 303);
    const again = await b.post('/acs', { SAMLResponse: samlResponse });
    assert.equal(again.status, 403);
    assert.equal(await errorCheckOf(again), 'IDP-RESP-INRESPONSETO');
  });

  test('SP-initiated login by POST sends a signed AuthnRequest form', async () => {
    const b = new Browser(sp.url);
    const res = await b.fetch('/login?binding=post&RelayState=%2Fme');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, new RegExp(`action="${SSO}"`));
    const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(html)![1];
    const xml = decodePostMessage(samlRequest);
    const verdicts = verifyEnvelopedSignatures(xml, xmlRoot(xml), {
      trustedCertsPem: [ks.keystore.get('sp-org-test').certPem],
    });
    assert.equal(verdicts[0]?.valid, true);
  });

  test('IdP-initiated (unsolicited) login is accepted; an unsafe RelayState lands on /me', async () => {
    for (const relay of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const b = new Browser(sp.url);
      const res = await b.post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: null }),
        RelayState: relay,
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/me');
      assert.equal((await b.fetch('/me')).status, 200);
    }
  });

  test('a rejected Response gets a 403 page naming the failed check and its values', async () => {
    const b = new Browser(sp.url);
    const req = await startLogin(b);
    const res = await b.post('/acs', {
      SAMLResponse: responseFor(sp, { inResponseTo: req.id, audience: 'https://someone-else/' }),
    });
    assert.equal(res.status, 403);
    const html = await res.text();
    assert.match(html, /data-check="IDP-COND-AUDIENCE"/);
    assert.match(
      html,
      /expected https:\/\/idbroker\.accord\.test\/reference-sp\/idb\/org-test, got https:\/\/someone-else\//,
    );
    assert.equal((await b.fetch('/me')).status, 401);
  });

  test('logout sends a signed LogoutRequest and a LogoutResponse from the IdP completes it', async () => {
    const b = new Browser(sp.url);
    const req = await startLogin(b);
    assert.equal(
      (
        await b.post('/acs', {
          SAMLResponse: responseFor(sp, { inResponseTo: req.id, sessionIndex: '_s-logout' }),
        })
      ).status,
      303,
    );
    const out = await b.fetch('/logout');
    assert.equal(out.status, 302);
    const location = new URL(out.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, SLO);
    assert.equal(
      verifyRedirectSignature(location.search.slice(1), [ks.keystore.get('sp-org-test').certPem]).valid,
      true,
    );
    const lr = xmlRoot(decodeRedirectMessage(location.searchParams.get('SAMLRequest')!));
    assert.equal(lr.localName, 'LogoutRequest');
    assert.equal(lr.getElementsByTagNameNS(NS.saml, 'NameID')[0].textContent, '_transient-1');
    assert.equal(lr.getElementsByTagNameNS(NS.samlp, 'SessionIndex')[0].textContent, '_s-logout');
    assert.equal((await b.fetch('/me')).status, 401);

    const answer = `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_lr1" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${sp.url}/slo" InResponseTo="${lr.getAttribute('ID')}"><saml:Issuer>${IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;
    const q = buildRedirectQuery('SAMLResponse', answer, undefined, {
      key: privateKeyObject(idpKey.keyPem),
      algorithm: 'rsa-sha256',
    });
    const done = await b.fetch(`/slo?${q}`);
    assert.equal(done.status, 200);
    assert.match(await done.text(), /id="accord-signed-out"/);
  });

  test('IdP-initiated logout needs a valid signature and is answered with a LogoutResponse', async () => {
    const b = new Browser(sp.url);
    assert.equal(
      (await b.post('/acs', { SAMLResponse: responseFor(sp, { nameId: '_bob', sessionIndex: '_s-bob' }) }))
        .status,
      303,
    );
    const request = `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_idp-lo1" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${sp.url}/slo"><saml:Issuer>${IDP}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_bob</saml:NameID><samlp:SessionIndex>_s-bob</samlp:SessionIndex></samlp:LogoutRequest>`;

    const unsigned = await b.fetch(`/slo?${buildRedirectQuery('SAMLRequest', request)}`);
    assert.equal(unsigned.status, 403);
    assert.equal(await errorCheckOf(unsigned), 'slo-signature');
    assert.equal((await b.fetch('/me')).status, 200);

    const badEscape = await b.fetch(
      `/slo?${buildRedirectQuery('SAMLRequest', request)}&SigAlg=%E0%A4%A&Signature=%ZZ`,
    );
    assert.equal(badEscape.status, 403);
    assert.equal(await errorCheckOf(badEscape), 'slo-signature');

    const signed = buildRedirectQuery('SAMLRequest', request, 'rs', {
      key: privateKeyObject(idpKey.keyPem),
      algorithm: 'rsa-sha256',
    });
    const res = await b.fetch(`/slo?${signed}`);
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, SLO);
    assert.equal(location.searchParams.get('RelayState'), 'rs');
    const answer = xmlRoot(decodeRedirectMessage(location.searchParams.get('SAMLResponse')!));
    assert.equal(answer.getAttribute('InResponseTo'), '_idp-lo1');
    assert.equal((await b.fetch('/me')).status, 401);
  });

  test('a POST-bound IdP LogoutRequest is accepted only with a valid enveloped signature', async () => {
    const b = new Browser(sp.url);
    assert.equal((await b.post('/acs', { SAMLResponse: responseFor(sp, { nameId: '_carol' }) })).status, 303);
    const request = `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_idp-lo2" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${sp.url}/slo"><saml:Issuer>${IDP}</saml:Issuer><saml:NameID>_carol</saml:NameID></samlp:LogoutRequest>`;
    const rogue = signXmlElement(request, {
      key: ks.keystore.get('idp-rogue').keyPem,
      certPem: ks.keystore.get('idp-rogue').certPem,
      id: '_idp-lo2',
    });
    const refused = await b.post('/slo', { SAMLRequest: Buffer.from(rogue).toString('base64') });
    assert.equal(refused.status, 403);
    assert.equal(await errorCheckOf(refused), 'slo-signature');
    const signed = signXmlElement(request, { key: idpKey.keyPem, certPem: idpKey.certPem, id: '_idp-lo2' });
    const res = await b.post('/slo', { SAMLRequest: Buffer.from(signed).toString('base64') });
    assert.equal(res.status, 302);
    assert.equal((await b.fetch('/me')).status, 401);
  });

  describe('hostile input gets a 4xx naming the problem and the SP keeps serving', () => {
    const big = 'A'.repeat(1100 * 1024);
    const cases: Array<[string, () => Promise<Response>, number, string]> = [
      [
        'missing SAMLResponse',
        () => new Browser(sp.url).post('/acs', { RelayState: 'x' }),
        400,
        'missing-parameter',
      ],
      ['bad base64', () => new Browser(sp.url).post('/acs', { SAMLResponse: '***' }), 400, 'bad-base64'],
      [
        'not XML',
        () => new Browser(sp.url).post('/acs', { SAMLResponse: Buffer.from('<<<').toString('base64') }),
        400,
        'not-xml',
      ],
      [
        'XXE',
        () =>
          new Browser(sp.url).post('/acs', {
            SAMLResponse: Buffer.from(
              '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            ).toString('base64'),
          }),
        400,
        'doctype-forbidden',
      ],
      [
        'billion laughs',
        () =>
          new Browser(sp.url).post('/acs', {
            SAMLResponse: Buffer.from(
              `<!DOCTYPE l [<!ENTITY a "aaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY b${i} "${'&a;'.repeat(10)}">`).join('')}]><l>&b8;</l>`,
            ).toString('base64'),
          }),
        400,
        'doctype-forbidden',
      ],
      [
        'wrong root',
        () =>
          new Browser(sp.url).post('/acs', {
            SAMLResponse: Buffer.from(`<samlp:LogoutRequest xmlns:samlp="${NS.samlp}"/>`).toString('base64'),
          }),
        400,
        'wrong-root',
      ],
      [
        'oversized message',
        () => new Browser(sp.url).post('/acs', { SAMLResponse: 'A'.repeat(600 * 1024) }),
        413,
        'too-large',
      ],
      ['oversized body', () => new Browser(sp.url).post('/acs', { SAMLResponse: big }), 413, 'too-large'],
      [
        'repeated parameter',
        () =>
          new Browser(sp.url).fetch('/acs', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'SAMLResponse=AAAA&SAMLResponse=BBBB',
          }),
        400,
        'missing-parameter',
      ],
      ['GET on the ACS', () => new Browser(sp.url).fetch('/acs?SAMLResponse=AAAA'), 405, 'wrong-binding'],
      ['SLO without a message', () => new Browser(sp.url).fetch('/slo'), 400, 'missing-parameter'],
      ['SLO bad deflate', () => new Browser(sp.url).fetch('/slo?SAMLRequest=AAAA'), 400, 'bad-deflate'],
      [
        'SLO POST bad base64',
        () => new Browser(sp.url).post('/slo', { SAMLRequest: '!!' }),
        400,
        'bad-base64',
      ],
    ];
    for (const [name, send, status, check] of cases) {
      test(`${name} → ${status} ${check}`, async () => {
        const before = (await trace(sp)).length;
        const res = await send();
        assert.equal(res.status, status);
        assert.equal(await errorCheckOf(res), check);
        const health = await fetch(`${sp.url}/__accord/health`);
        assert.equal(health.status, 200);
        const added = (await trace(sp)).slice(before);
        assert.ok(
          added.some((e) => e.kind === 'Error'),
          `traced: ${added.map((e) => e.kind).join(', ')}`,
        );
      });
    }
  });
});

describe('reference SP options and seeded defects', () => {
  test('an unknown defect is a startup error naming it', async () => {
    await assert.rejects(
      startSpSimulator({ keystore: ks.keystore, defects: ['skip-audience', 'no-such-thing'] }),
      /"no-such-thing"/,
    );
  });

  test("every reference RP defect is one of the SP's too (its OIDC sign-in is the RP's code)", () => {
    const names = RP_DEFECTS.map((d) => d.name);
    assert.deepEqual(
      [...parseSpDefects(['skip-audience', ...names])].sort(),
      ['skip-audience', ...names].sort(),
    );
  });

  test('SP_DEFECTS names an SP-* check for every defect', () => {
    for (const d of SP_DEFECTS) assert.match(d.check, /^SP-/, d.name);
  });

  test('two SP instances use distinct cookie names', async () => {
    const a = await startTrusting();
    const b = await startTrusting();
    try {
      const ba = new Browser(a.url);
      const bb = new Browser(b.url);
      await startLogin(ba);
      await startLogin(bb);
      assert.notDeepEqual(ba.cookieNames(), bb.cookieNames());
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('JIT create off: an unknown uid gets the uid-unknown page; a known one (exact case) signs in', async () => {
    const sp = await startTrusting({
      jit: { create: false, update: true },
      users: [{ email: 'Bob@example.com', firstName: 'Bob' }],
    });
    try {
      const attempt = async (uid: string) =>
        new Browser(sp.url).post('/acs', {
          SAMLResponse: responseFor(sp, { attributes: { uid: [uid], lastname: ['Builder'] } }),
        });
      const unknown = await attempt('carol@example.com');
      assert.equal(unknown.status, 403);
      assert.equal(await errorCheckOf(unknown), 'uid-unknown');
      const wrongCase = await attempt('bob@example.com');
      assert.equal(await errorCheckOf(wrongCase), 'uid-unknown');
      assert.equal((await attempt('Bob@example.com')).status, 303);
      const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{
        email: string;
        firstName: string;
        lastName: string;
      }>;
      assert.deepEqual(
        users.map((u) => [u.email, u.firstName, u.lastName]),
        [['Bob@example.com', 'Bob', 'Builder']],
      );
    } finally {
      await sp.close();
    }
  });

  test('the entityID stays the same on another port; ACS and metadata follow the port', async () => {
    const a = await startTrusting({ name: 'counterpart-sp-Some IdP·-' });
    const b = await startTrusting({ name: 'counterpart-sp-Some IdP·-' });
    try {
      assert.notEqual(a.url, b.url);
      assert.equal(a.info.entityId, 'https://idbroker.accord.test/counterpart-sp-some-idp/idb/org-test');
      assert.equal(b.info.entityId, a.info.entityId);
      const md = parseMetadata(await (await fetch(b.info.metadataUrl)).text());
      assert.equal(md.entityId, a.info.entityId);
      assert.deepEqual(
        md.sp?.acs.map((x) => x.location),
        [`${b.url}/acs`],
      );
      const other = await startTrusting({ name: 'other-sp', entityId: 'urn:example:sp' });
      assert.equal(other.info.entityId, 'urn:example:sp');
      await other.close();
      await assert.rejects(
        startTrusting({ entityId: 'not a uri' }),
        /entityId must be an absolute URI, got "not a uri"/,
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a tolerated check is recorded as failed yet the Response signs the user in; others still refuse', async () => {
    const sp = await startTrusting({ tolerate: ['IDP-COND-AUDIENCE'] });
    try {
      const b = new Browser(sp.url);
      const res = await b.post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: null, audience: 'https://someone-else/' }),
      });
      assert.equal(res.status, 303);
      assert.equal((await b.fetch('/me')).status, 200);
      const entry = (await trace(sp)).filter((e) => e.kind === 'Response').pop()!;
      assert.equal(entry.checks?.find((c) => c.id === 'IDP-COND-AUDIENCE')?.status, 'fail');
      assert.deepEqual(entry.info?.tolerated, ['IDP-COND-AUDIENCE']);
      const refused = await new Browser(sp.url).post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: null, recipient: 'https://someone-else/acs' }),
      });
      assert.equal(refused.status, 403);
      const unsigned = await new Browser(sp.url).post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: null, sign: { response: false, assertion: false } }),
      });
      assert.equal(unsigned.status, 403, 'no tolerance makes an unsigned assertion trusted');
    } finally {
      await sp.close();
    }
  });

  test('emailAttribute: users are found by it, uid is not required; without it the assertion is refused', async () => {
    const sp = await startTrusting({ emailAttribute: 'mail' });
    try {
      const b = new Browser(sp.url);
      const ok = await b.post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: null, attributes: { mail: ['dana@example.com'] } }),
      });
      assert.equal(ok.status, 303);
      const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{ email: string }>;
      assert.deepEqual(
        users.map((u) => u.email),
        ['dana@example.com'],
      );
      const entry = (await trace(sp)).filter((e) => e.kind === 'Response').pop()!;
      assert.equal(entry.checks?.find((c) => c.id === 'IDP-ATTR-UID')?.status, 'fail');
      const none = await new Browser(sp.url).post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: null, attributes: { uid: ['dana@example.com'] } }),
      });
      assert.equal(none.status, 403);
      assert.equal(await errorCheckOf(none), 'email-missing');
    } finally {
      await sp.close();
    }
  });

  test('JIT update adds groups and never removes them', async () => {
    const sp = await startTrusting();
    try {
      for (const g of ['g-1', 'g-2']) {
        const res = await new Browser(sp.url).post('/acs', {
          SAMLResponse: responseFor(sp, { attributes: { uid: ['dana@example.com'], groupId: [g] } }),
        });
        assert.equal(res.status, 303);
      }
      const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{
        email: string;
        groups: string[];
      }>;
      assert.deepEqual(users.find((u) => u.email === 'dana@example.com')?.groups, ['g-1', 'g-2']);
    } finally {
      await sp.close();
    }
  });

  const requestDefects: Array<[string, (r: Awaited<ReturnType<typeof startLogin>>, sp: RunningSp) => void]> =
    [
      ['unsigned-requests', (r) => assert.doesNotMatch(r.rawQuery, /Signature=/)],
      [
        'bad-acs-url',
        (r, sp) => assert.notEqual(r.el.getAttribute('AssertionConsumerServiceURL'), sp.info.acsUrl),
      ],
      [
        'wrong-request-issuer',
        (r, sp) =>
          assert.notEqual(r.el.getElementsByTagNameNS(NS.saml, 'Issuer')[0].textContent, sp.info.entityId),
      ],
      ['wrong-request-destination', (r) => assert.notEqual(r.el.getAttribute('Destination'), SSO)],
    ];
  for (const [defect, expectBroken] of requestDefects) {
    test(`${defect} breaks the AuthnRequest (and only with the defect)`, async () => {
      const clean = await startTrusting();
      const broken = await startTrusting({ defects: [defect] });
      try {
        const good = await startLogin(new Browser(clean.url));
        assert.throws(() => expectBroken(good, clean));
        const bad = await startLogin(new Browser(broken.url));
        expectBroken(bad, broken);
        assert.equal(
          `${bad.location.origin}${bad.location.pathname}`,
          SSO,
          'still sent to the real SSO endpoint',
        );
        const health = (await (await fetch(`${broken.url}/__accord/health`)).json()) as Health;
        assert.deepEqual(health.defects, [defect]);
      } finally {
        await clean.close();
        await broken.close();
      }
    });
  }

  test('drop-relaystate lands on /me whatever RelayState came back', async () => {
    const sp = await startTrusting({ defects: ['drop-relaystate'] });
    try {
      const b = new Browser(sp.url);
      const req = await startLogin(b, '?RelayState=%2Fme%3Fx%3D1');
      const res = await b.post('/acs', {
        SAMLResponse: responseFor(sp, { inResponseTo: req.id }),
        RelayState: '/me?x=1',
      });
      assert.equal(res.headers.get('location'), '/me');
    } finally {
      await sp.close();
    }
  });

  test('no-idp-initiated refuses unsolicited Responses', async () => {
    const sp = await startTrusting({ defects: ['no-idp-initiated'] });
    try {
      const res = await new Browser(sp.url).post('/acs', { SAMLResponse: responseFor(sp) });
      assert.equal(res.status, 403);
      assert.equal(await errorCheckOf(res), 'IDP-RESP-INRESPONSETO');
    } finally {
      await sp.close();
    }
  });

  test('no-replay-cache accepts the same SP-initiated Response twice', async () => {
    const sp = await startTrusting({ defects: ['no-replay-cache'] });
    try {
      const b = new Browser(sp.url);
      const req = await startLogin(b);
      const samlResponse = responseFor(sp, { inResponseTo: req.id });
      assert.equal((await b.post('/acs', { SAMLResponse: samlResponse })).status, 303);
      assert.equal((await b.post('/acs', { SAMLResponse: samlResponse })).status, 303);
    } finally {
      await sp.close();
    }
  });

  test('skip-issuer accepts a Response whose Issuer names another entity', async () => {
    for (const [defects, status] of [
      [[], 403],
      [['skip-issuer'], 303],
    ] as const) {
      const sp = await startTrusting({ defects: [...defects] });
      try {
        const b = new Browser(sp.url);
        const req = await startLogin(b);
        const res = await b.post('/acs', {
          SAMLResponse: responseFor(sp, { inResponseTo: req.id, issuer: 'https://evil.example/idp' }),
        });
        assert.equal(res.status, status);
      } finally {
        await sp.close();
      }
    }
  });

  test('skew is configurable and the clock injectable', async () => {
    const late = new Date(Date.now() + 320_000);
    const strict = await startTrusting({ clock: () => late, skewSeconds: 0 });
    const lenient = await startTrusting({ clock: () => late, skewSeconds: 60 });
    try {
      const strictRes = await new Browser(strict.url).post('/acs', { SAMLResponse: responseFor(strict) });
      assert.equal(await errorCheckOf(strictRes), 'IDP-COND-TIME');
      assert.equal(
        (await new Browser(lenient.url).post('/acs', { SAMLResponse: responseFor(lenient) })).status,
        303,
      );
    } finally {
      await strict.close();
      await lenient.close();
    }
  });
});
