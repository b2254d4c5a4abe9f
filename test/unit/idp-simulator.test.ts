import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import type { Element } from '@xmldom/xmldom';
import type { Health, IdpInfo, TestUser } from '../../lib/admin/protocol.ts';
import { issueSelfSignedCertificate, Keystore, privateKeyObject } from '../../lib/pki/index.ts';
import {
  buildRedirectQuery,
  decodePostMessage,
  decodeRedirectMessage,
  encodePostMessage,
  verifyRedirectSignature,
} from '../../lib/saml/bindings.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { ALGORITHMS, BINDING, NS, STATUS } from '../../lib/saml/namespaces.ts';
import { descendants, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { loadSamlScenario, type Scenario } from '../../lib/scenario/index.ts';
import { NAME_ID_FORMAT_URNS } from '../../lib/scenario/types.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';
import {
  createIdpSimulator,
  IDP_DEFECTS,
  type RunningIdpSimulator,
  startIdpSimulator,
} from '../../simulators/idp/index.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const keysDir = mkdtempSync(join(tmpdir(), 'accord-idp-keys-'));
const keystore = new Keystore(keysDir);
after(() => rmSync(keysDir, { recursive: true, force: true }));

const adfs = loadSamlScenario(join(SCENARIOS, 'adfs.yaml'));

// ---- the SP side of the conversation ----

const spPair = issueSelfSignedCertificate({ commonName: 'sp.idp-test.accord.test' });
const spKey = privateKeyObject(spPair.keyPem);
const otherPair = issueSelfSignedCertificate({ commonName: 'sp.idp-test.accord.test' });
const SP = 'https://sp.idp-test.accord.test/saml';
const ACS = 'https://sp.idp-test.accord.test/saml/acs';
const ACS_ALT = 'https://sp.idp-test.accord.test/saml/acs2';
const SP_SLO = 'https://sp.idp-test.accord.test/saml/slo';

function spMetadata(
  opts: { entityId?: string; authnRequestsSigned?: boolean; slo?: 'redirect' | 'post' } = {},
): string {
  const cert = spPair.certPem.replace(/-----[^-]+-----|\s/g, '');
  const slo = opts.slo ?? 'redirect';
  return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${opts.entityId ?? SP}">
<md:SPSSODescriptor AuthnRequestsSigned="${opts.authnRequestsSigned ? 'true' : 'false'}" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
<md:SingleLogoutService Binding="${slo === 'redirect' ? BINDING.redirect : BINDING.post}" Location="${SP_SLO}"/>
<md:AssertionConsumerService Binding="${BINDING.post}" Location="${ACS}" index="0" isDefault="true"/>
<md:AssertionConsumerService Binding="${BINDING.post}" Location="${ACS_ALT}" index="1"/>
</md:SPSSODescriptor></md:EntityDescriptor>`;
}

let reqSeq = 0;
function authnRequest(destination: string, attrs = ''): { id: string; xml: string } {
  const id = `_req${++reqSeq}`;
  return {
    id,
    xml:
      `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" Destination="${destination}"${attrs}>` +
      `<saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`,
  };
}

// ---- a small browser: cookies by name (browsers ignore ports on 127.0.0.1), no script ----

class Browser {
  readonly cookies = new Map<string, string>();

  constructor(flow?: string) {
    if (flow) this.cookies.set('accord-flow', flow);
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  async get(url: string): Promise<Response> {
    const res = await fetch(url, { headers: { cookie: this.header() }, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface PostedResponse {
  action: string;
  xml: string;
  relayState?: string;
  root: Element;
  assertion?: Element;
}

async function readAutoPost(res: Response): Promise<PostedResponse> {
  const html = await res.text();
  assert.equal(res.status, 200, html.slice(0, 500));
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  const field = (name: string) => {
    const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
    return m ? unescapeHtml(m[1]) : undefined;
  };
  const samlResponse = field('SAMLResponse');
  assert.ok(action && samlResponse, `an auto-post form with SAMLResponse, got: ${html.slice(0, 300)}`);
  const xml = decodePostMessage(samlResponse);
  const root = parseUntrustedXml(xml).documentElement!;
  return {
    action: unescapeHtml(action),
    xml,
    relayState: field('RelayState'),
    root,
    assertion: descendants(root, NS.saml, 'Assertion')[0],
  };
}

const text = (root: Element, ns: string, name: string) =>
  descendants(root, ns, name)[0]?.textContent ?? undefined;
const attrOf = (root: Element, ns: string, name: string, attr: string) =>
  descendants(root, ns, name)[0]?.getAttribute(attr) ?? null;

function attributeValues(p: PostedResponse, name: string): string[] | undefined {
  const a = descendants(p.root, NS.saml, 'Attribute').find((e) => e.getAttribute('Name') === name);
  return a ? descendants(a, NS.saml, 'AttributeValue').map((v) => v.textContent ?? '') : undefined;
}

async function startWith(
  scenario: Scenario,
  defects: string[] = [],
  spOpts: Parameters<typeof spMetadata>[0] = {},
): Promise<RunningIdpSimulator> {
  const sim = await startIdpSimulator({ scenario, keystore, defects, port: 0 });
  const res = await fetch(`${sim.url}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: spMetadata(spOpts),
  });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { entityId: SP });
  return sim;
}

/** SP-initiated login over HTTP-Redirect: request, login form, credentials, auto-post form. */
async function login(
  sim: RunningIdpSimulator,
  browser: Browser,
  user: { username: string; password: string } = adfs.users[0],
  relayState = 'rs-1',
): Promise<{ requestId: string; posted: PostedResponse }> {
  const req = authnRequest(sim.info.ssoUrl);
  const first = await browser.get(
    `${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', req.xml, relayState)}`,
  );
  assert.equal(first.status, 303, await first.clone().text());
  const loginUrl = first.headers.get('location')!;
  const form = await (await browser.get(loginUrl)).text();
  const key = /name="req" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(key, 'the login form carries the pending request');
  const res = await browser.post(loginUrl.split('?')[0], {
    username: user.username,
    password: user.password,
    req: key,
  });
  return { requestId: req.id, posted: await readAutoPost(res) };
}

async function trace(sim: RunningIdpSimulator, flow?: string): Promise<TraceEntry[]> {
  const res = await fetch(`${sim.url}/__accord/trace${flow ? `?flow=${encodeURIComponent(flow)}` : ''}`);
  return (await res.json()) as TraceEntry[];
}

async function putPlan(sim: RunningIdpSimulator, flow: string, plan: unknown): Promise<Response> {
  return fetch(`${sim.url}/__accord/flows/${encodeURIComponent(flow)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(plan),
  });
}

describe('IdP simulator (AD FS scenario)', () => {
  let sim: RunningIdpSimulator;
  let idpCert: string;

  before(async () => {
    sim = await startWith(adfs);
    const md = parseMetadata(await (await fetch(sim.info.metadataUrl)).text());
    idpCert = md.idp!.certs.signing[0];
  });
  after(() => sim.close());

  test('health, info, test users and metadata at both paths', async () => {
    const health = (await (await fetch(`${sim.url}/__accord/health`)).json()) as Health;
    assert.deepEqual(health, { ok: true, role: 'idp', name: 'adfs', scenario: 'adfs', defects: [] });
    const info = (await (await fetch(`${sim.url}/__accord/info`)).json()) as IdpInfo;
    assert.deepEqual(info, {
      role: 'idp',
      entityId: `${sim.url}/adfs/services/trust`,
      baseUrl: sim.url,
      metadataUrl: `${sim.url}/FederationMetadata/2007-06/FederationMetadata.xml`,
      ssoUrl: `${sim.url}/adfs/ls/`,
      sloUrl: `${sim.url}/adfs/ls/`,
      idpInitiatedUrl: `${sim.url}/adfs/ls/idpinitiatedsignon.aspx`,
      scenario: 'adfs',
    });
    const users = (await (await fetch(`${sim.url}/__accord/test-users`)).json()) as TestUser[];
    assert.equal(users.length, 4 + 5);
    assert.deepEqual(users[0], {
      username: 'alice.nguyen',
      password: 'Adfs-Alice-1',
      email: 'alice.nguyen@corp.example.com',
      firstName: 'Alice',
      lastName: 'Nguyen',
    });
    for (const url of [info.metadataUrl, `${sim.url}/metadata`]) {
      const res = await fetch(url);
      assert.match(res.headers.get('content-type') ?? '', /^application\/samlmetadata\+xml/);
      const md = parseMetadata(await res.text());
      assert.equal(md.entityId, info.entityId);
      assert.equal(md.signed, true);
      assert.equal(md.otherRoles.length, 2);
    }
  });

  test('peers: anything but SP metadata is refused with the reason', async () => {
    const post = (body: string) =>
      fetch(`${sim.url}/__accord/peers`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    const idpMd = await (await fetch(sim.info.metadataUrl)).text();
    const cases: Array<[string, RegExp]> = [
      [idpMd, /no SPSSODescriptor/],
      ['not xml at all <', /not well-formed/],
      ['', /empty/],
      ['<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', /DOCTYPE/],
      ['<html><body>login page</body></html>', /no md:EntityDescriptor/],
    ];
    for (const [body, reason] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400);
      const json = (await res.json()) as { error: string };
      assert.match(json.error, reason);
    }
  });

  test('SP-initiated login over HTTP-Redirect ends in a signed Response to the ACS, traced by flow', async () => {
    const browser = new Browser('flow-redirect');
    const req = authnRequest(sim.info.ssoUrl);
    const first = await browser.get(
      `${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', req.xml, 'relay 1+2')}`,
    );
    assert.equal(first.status, 303);
    const cookieName = `accord_idp_${new URL(sim.url).port}`;
    assert.ok(browser.cookies.has(cookieName), `session cookie ${cookieName}`);
    const loginUrl = first.headers.get('location')!;
    assert.ok(loginUrl.startsWith(`${sim.url}/adfs/ls/login?req=`));

    const formRes = await browser.get(loginUrl);
    const form = await formRes.text();
    assert.equal(formRes.status, 200);
    assert.match(form, /<title>Sign In<\/title>/);
    assert.match(form, /id="username"/);
    assert.match(form, /id="password" name="password" type="password"/);
    assert.match(form, /<button type="submit"/);
    assert.match(form, /alice\.nguyen/);
    const key = /name="req" value="([^"]+)"/.exec(form)![1];

    const wrong = await browser.post(`${sim.url}/adfs/ls/login`, {
      username: 'alice.nguyen',
      password: 'nope',
      req: key,
    });
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /Incorrect user ID or password/);

    const ok = await browser.post(`${sim.url}/adfs/ls/login`, {
      username: 'alice.nguyen',
      password: 'Adfs-Alice-1',
      req: key,
    });
    const p = await readAutoPost(ok);
    assert.equal(p.action, ACS);
    assert.equal(p.relayState, 'relay 1+2');
    assert.equal(p.root.getAttribute('InResponseTo'), req.id);
    assert.equal(p.root.getAttribute('Destination'), ACS);
    assert.equal(text(p.root, NS.saml, 'Issuer'), sim.info.entityId);
    assert.equal(text(p.root, NS.saml, 'Audience'), SP);
    assert.equal(attrOf(p.root, NS.saml, 'SubjectConfirmationData', 'Recipient'), ACS);
    assert.equal(attrOf(p.root, NS.saml, 'SubjectConfirmationData', 'InResponseTo'), req.id);
    assert.equal(text(p.root, NS.saml, 'NameID'), 'alice.nguyen@corp.example.com');
    assert.equal(
      attrOf(p.root, NS.saml, 'NameID', 'Format'),
      'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    );
    assert.equal(attrOf(p.root, NS.saml, 'NameID', 'NameQualifier'), sim.info.entityId);
    assert.equal(attrOf(p.root, NS.saml, 'NameID', 'SPNameQualifier'), SP);
    assert.deepEqual(attributeValues(p, 'uid'), ['alice.nguyen@corp.example.com']);
    assert.deepEqual(attributeValues(p, 'http://schemas.xmlsoap.org/claims/Group'), [
      'Domain Users',
      'Webex Users',
      'Webex Admins',
    ]);
    assert.ok(attrOf(p.root, NS.saml, 'AuthnStatement', 'SessionIndex'));
    const verdicts = verifyEnvelopedSignatures(p.xml, p.root, { trustedCertsPem: [idpCert] });
    assert.deepEqual(
      verdicts.map((v) => [v.parent, v.valid]),
      [['Assertion', true]],
      'AD FS signs the assertion only',
    );

    const entries = await trace(sim, 'flow-redirect');
    const kinds = entries.map((e) => e.kind);
    assert.deepEqual(
      kinds.filter((k) => k === 'AuthnRequest' || k === 'Response'),
      ['AuthnRequest', 'Response'],
    );
    const ar = entries.find((e) => e.kind === 'AuthnRequest')!;
    assert.equal(ar.flow, 'flow-redirect');
    assert.equal(ar.binding, 'HTTP-Redirect');
    assert.match(ar.decoded ?? '', /^<samlp:AuthnRequest/);
    assert.equal((ar.info as { id: string }).id, req.id);
    assert.equal((ar.info as { issuer: string }).issuer, SP);
    assert.deepEqual(
      ar.checks?.map((c) => [c.id, c.status]),
      [
        ['SP-AUTHN-01', 'pass'],
        ['SP-AUTHN-02', 'pass'],
        ['SP-AUTHN-03', 'pass'],
        ['SP-AUTHN-04', 'skip'],
      ],
    );
    const resp = entries.find((e) => e.kind === 'Response')!;
    assert.equal(resp.flow, 'flow-redirect');
    assert.equal(resp.decoded, p.xml);
    assert.equal(decodePostMessage(resp.raw!), p.xml);
    assert.deepEqual(
      [resp.info?.nameId, resp.info?.user, resp.info?.inResponseTo, resp.info?.plan],
      ['alice.nguyen@corp.example.com', 'alice.nguyen', req.id, null],
    );
    assert.ok(!entries.some((e) => JSON.stringify(e).includes('Adfs-Alice-1')), 'no password in the trace');

    // Same browser, second request: the IdP session answers at once; ForceAuthn asks again.
    const again = authnRequest(sim.info.ssoUrl);
    const direct = await readAutoPost(
      await browser.get(`${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', again.xml)}`),
    );
    assert.equal(direct.root.getAttribute('InResponseTo'), again.id);
    assert.equal(direct.relayState, undefined);
    const forced = authnRequest(sim.info.ssoUrl, ' ForceAuthn="true"');
    const forcedRes = await browser.get(
      `${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', forced.xml)}`,
    );
    assert.equal(forcedRes.status, 303);
  });

  test('HTTP-POST AuthnRequest, signed, asking for the second ACS by URL', async () => {
    const browser = new Browser('flow-post');
    const req = authnRequest(sim.info.ssoUrl, ` AssertionConsumerServiceURL="${ACS_ALT}"`);
    const signed = signXmlElement(req.xml, { id: req.id, key: spKey, certPem: spPair.certPem });
    const first = await browser.post(sim.info.ssoUrl, {
      SAMLRequest: encodePostMessage(signed),
      RelayState: 'p',
    });
    assert.equal(first.status, 303);
    const loginUrl = first.headers.get('location')!;
    const key = new URL(loginUrl).searchParams.get('req')!;
    const p = await readAutoPost(
      await browser.post(loginUrl.split('?')[0], {
        username: 'bob.martin@corp.example.com',
        password: 'Adfs-Bob-1',
        req: key,
      }),
    );
    assert.equal(p.action, ACS_ALT);
    assert.equal(p.root.getAttribute('Destination'), ACS_ALT);
    assert.equal(p.relayState, 'p');
    const ar = (await trace(sim, 'flow-post')).find((e) => e.kind === 'AuthnRequest')!;
    assert.equal(ar.binding, 'HTTP-POST');
    assert.deepEqual(ar.checks?.find((c) => c.id === 'SP-AUTHN-04')?.status, 'pass');
  });

  test('a ResponsePlan changes the Responses of its flow only; bad plans are refused naming the key', async () => {
    const put = await putPlan(sim, 'flow-plan', {
      audience: 'https://other-sp.accord.test',
      relayState: 'replaced',
    });
    assert.equal(put.status, 200);
    const planned = await login(sim, new Browser('flow-plan'));
    assert.equal(text(planned.posted.root, NS.saml, 'Audience'), 'https://other-sp.accord.test');
    assert.equal(planned.posted.relayState, 'replaced');
    const entry = (await trace(sim, 'flow-plan')).find((e) => e.kind === 'Response')!;
    assert.deepEqual(entry.info?.plan, { audience: 'https://other-sp.accord.test', relayState: 'replaced' });
    const unplanned = await login(sim, new Browser('flow-other'));
    assert.equal(text(unplanned.posted.root, NS.saml, 'Audience'), SP);

    const bad: Array<[unknown, RegExp]> = [
      [{ audiance: 'x' }, /unknown key "audiance"/],
      [{ sign: { response: true, both: true } }, /unknown key sign\.both/],
      [{ timeShiftSeconds: 'soon' }, /timeShiftSeconds must be a number/],
      [{ signatureAlgorithm: 'rsa-md5' }, /signatureAlgorithm must be/],
      [{ omitAttributes: 'uid' }, /omitAttributes must be an array/],
      [{ nameId: 'a\u0000b' }, /nameId contains a character XML 1\.0 does not allow/],
      [{ tamper: 'no-such-mutation' }, /unknown tamper "no-such-mutation"/],
      [[1, 2], /must be a JSON object/],
    ];
    for (const [plan, reason] of bad) {
      const res = await putPlan(sim, 'flow-bad', plan);
      assert.equal(res.status, 400, JSON.stringify(plan));
      assert.match(((await res.json()) as { error: string }).error, reason);
    }
  });

  test('plans: untrusted key, no InResponseTo, time shift, omitted attribute, signing choice', async () => {
    await putPlan(sim, 'flow-untrusted', { untrustedKey: true });
    const u = (await login(sim, new Browser('flow-untrusted'))).posted;
    const v = verifyEnvelopedSignatures(u.xml, u.root, { trustedCertsPem: [idpCert] });
    assert.equal(v.length, 1);
    assert.equal(v[0].valid, false, 'not signed by the metadata key');
    const kiCert = descendants(u.root, NS.ds, 'X509Certificate')[0].textContent!;
    const shown = new X509Certificate(Buffer.from(kiCert, 'base64'));
    const real = new X509Certificate(idpCert);
    assert.equal(shown.subject, real.subject, 'same subject CN as the real certificate');
    assert.notEqual(shown.fingerprint256, real.fingerprint256);
    const self = verifyEnvelopedSignatures(u.xml, u.root, { trustedCertsPem: [], trustKeyInfo: true });
    assert.equal(self[0].valid, true, 'it does verify with the KeyInfo certificate');

    await putPlan(sim, 'flow-noirt', {
      inResponseTo: null,
      timeShiftSeconds: -7200,
      omitAttributes: ['uid'],
    });
    const n = (await login(sim, new Browser('flow-noirt'))).posted;
    assert.ok(!n.xml.includes('InResponseTo'));
    assert.equal(attributeValues(n, 'uid'), undefined);
    const notOnOrAfter = new Date(attrOf(n.root, NS.saml, 'Conditions', 'NotOnOrAfter')!);
    assert.ok(
      notOnOrAfter.getTime() < Date.now() - 3_000_000,
      `${notOnOrAfter.toISOString()} is about an hour ago`,
    );

    await putPlan(sim, 'flow-sign', {
      sign: { response: true, assertion: false },
      signatureAlgorithm: 'rsa-sha1',
    });
    const s = (await login(sim, new Browser('flow-sign'))).posted;
    const sv = verifyEnvelopedSignatures(s.xml, s.root, { trustedCertsPem: [idpCert] });
    assert.deepEqual(
      sv.map((x) => [x.parent, x.valid, x.signatureAlgorithm, x.digestAlgorithm]),
      [['Response', true, ALGORITHMS['rsa-sha1'], ALGORITHMS.sha1]],
    );
  });

  test('plans: userFields assert another identity in the NameID and every attribute drawn from it', async () => {
    const email = 'new.hire@corp.accord.test';
    await putPlan(sim, 'flow-jit', {
      userFields: {
        email,
        upn: email,
        firstName: 'Nova',
        lastName: 'Hire',
        displayName: 'Nova Hire',
        groups: ['New Hires', 'Webex Users'],
      },
    });
    const p = (await login(sim, new Browser('flow-jit'))).posted;
    // The AD FS scenario's uid and email claims come from the email, its names from the name fields.
    assert.deepEqual(attributeValues(p, 'uid'), [email]);
    assert.deepEqual(
      attributeValues(p, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'),
      [email],
    );
    assert.deepEqual(attributeValues(p, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname'), [
      'Nova',
    ]);
    assert.deepEqual(attributeValues(p, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname'), [
      'Hire',
    ]);
    assert.deepEqual(attributeValues(p, 'http://schemas.xmlsoap.org/claims/Group'), [
      'New Hires',
      'Webex Users',
    ]);
    const plain = (await login(sim, new Browser('flow-no-jit'))).posted;
    assert.deepEqual(
      attributeValues(plain, 'uid'),
      [adfs.users[0].email],
      'other flows assert the directory',
    );

    for (const [plan, reason] of [
      [{ userFields: { email: 1 } }, /userFields\.email must be a string/],
      [{ userFields: { password: 'x' } }, /unknown key userFields\.password; expected some of email/],
      [{ userFields: 'x' }, /userFields must be an object/],
      [{ userFields: { groups: 'Sales' } }, /userFields\.groups must be an array/],
    ] as Array<[unknown, RegExp]>) {
      const res = await putPlan(sim, 'flow-bad-jit', plan);
      assert.equal(res.status, 400, JSON.stringify(plan));
      assert.match(((await res.json()) as { error: string }).error, reason);
    }
  });

  test('IdP-initiated: login form first, then an unsolicited Response without InResponseTo', async () => {
    const browser = new Browser('flow-idpi');
    const start = await browser.get(
      `${sim.url}/__accord/idp-initiated?sp=${encodeURIComponent(SP)}&RelayState=${encodeURIComponent('/home')}`,
    );
    assert.equal(start.status, 303);
    const loginUrl = start.headers.get('location')!;
    const key = new URL(loginUrl).searchParams.get('req')!;
    const p = await readAutoPost(
      await browser.post(loginUrl.split('?')[0], {
        username: 'dana.obrien',
        password: 'Adfs-Dana-1',
        req: key,
      }),
    );
    assert.equal(p.action, ACS);
    assert.equal(p.relayState, '/home');
    assert.ok(!p.xml.includes('InResponseTo'), 'no InResponseTo attribute at all');
    assert.equal(text(p.root, NS.saml, 'NameID'), 'Dana.OBrien@corp.example.com');
    assert.deepEqual(attributeValues(p, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname'), [
      "O'Brien",
    ]);

    // AD FS style parameter on the vendor path; signed in already, so no form.
    const direct = await readAutoPost(
      await browser.get(`${sim.info.idpInitiatedUrl}?loginToRp=${encodeURIComponent(SP)}`),
    );
    assert.equal(direct.action, ACS);
    const unknown = await browser.get(`${sim.info.idpInitiatedUrl}?loginToRp=https://nobody.accord.test`);
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /data-check="unknown-sp"/);
  });

  test('SLO: a signed LogoutRequest ends the session and gets a signed LogoutResponse by Redirect', async () => {
    const browser = new Browser('flow-slo');
    const { posted } = await login(sim, browser);
    const sessionIndex = attrOf(posted.root, NS.saml, 'AuthnStatement', 'SessionIndex')!;
    const logout =
      `<samlp:LogoutRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_lo1" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" Destination="${sim.info.sloUrl}"><saml:Issuer>${SP}</saml:Issuer>` +
      `<saml:NameID>${text(posted.root, NS.saml, 'NameID')}</saml:NameID><samlp:SessionIndex>${sessionIndex}</samlp:SessionIndex></samlp:LogoutRequest>`;
    const bad = await browser.get(
      `${sim.info.sloUrl}?${buildRedirectQuery('SAMLRequest', logout, 'lr', { key: privateKeyObject(otherPair.keyPem), algorithm: 'rsa-sha256' })}`,
    );
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /data-check="bad-signature"/);

    const res = await browser.get(
      `${sim.info.sloUrl}?${buildRedirectQuery('SAMLRequest', logout, 'lr', { key: spKey, algorithm: 'rsa-sha256' })}`,
    );
    assert.equal(res.status, 302);
    const location = res.headers.get('location')!;
    assert.ok(location.startsWith(`${SP_SLO}?SAMLResponse=`));
    const query = location.slice(location.indexOf('?') + 1);
    assert.equal(verifyRedirectSignature(query, [idpCert]).valid, true);
    const value = decodeURIComponent(/SAMLResponse=([^&]+)/.exec(query)![1]);
    const lr = parseUntrustedXml(decodeRedirectMessage(value, 'SAMLResponse')).documentElement!;
    assert.equal(lr.localName, 'LogoutResponse');
    assert.equal(lr.getAttribute('InResponseTo'), '_lo1');
    assert.equal(attrOf(lr, NS.samlp, 'StatusCode', 'Value'), STATUS.success);
    assert.equal(new URLSearchParams(query).get('RelayState'), 'lr');

    const next = authnRequest(sim.info.ssoUrl);
    const after = await browser.get(`${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', next.xml)}`);
    assert.equal(after.status, 303, 'signed out: the login form again');
    const kinds = (await trace(sim, 'flow-slo')).map((e) => e.kind);
    assert.ok(kinds.includes('LogoutRequest') && kinds.includes('LogoutResponse'), kinds.join());
  });

  test('hostile or malformed SAMLRequests get a 4xx naming the problem, and the IdP keeps serving', async () => {
    const browser = new Browser('flow-hostile');
    const get = (query: string) => browser.get(`${sim.info.ssoUrl}${query}`);
    const deflated = (xml: string) => `?${buildRedirectQuery('SAMLRequest', xml)}`;
    const good = authnRequest(sim.info.ssoUrl);
    const cases: Array<[string, () => Promise<Response>, number, string, RegExp]> = [
      ['missing parameter', () => get(''), 400, 'missing-parameter', /no SAMLRequest/],
      ['bad base64', () => get('?SAMLRequest=%%%%'), 400, 'bad-base64', /URL-encoded/],
      ['bad base64 alphabet', () => get('?SAMLRequest=abc*def'), 400, 'bad-base64', /not valid base64/],
      [
        'bad deflate',
        () => get(`?SAMLRequest=${encodeURIComponent(Buffer.from('hello there').toString('base64'))}`),
        400,
        'bad-deflate',
        /raw DEFLATE/,
      ],
      ['not XML', () => get(deflated('<<<not xml')), 400, 'not-xml', /not well-formed/],
      [
        'DOCTYPE',
        () => get(deflated('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')),
        400,
        'doctype-forbidden',
        /DOCTYPE/,
      ],
      [
        'wrong root',
        () => get(deflated(`<samlp:Response xmlns:samlp="${NS.samlp}" ID="_x" Version="2.0"/>`)),
        400,
        'wrong-root',
        /expected SAMLRequest samlp:AuthnRequest/,
      ],
      [
        'deflate bomb',
        () =>
          get(
            // 4 MiB of spaces deflates to about 4 KiB.
            `?SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.alloc(4 * 1024 * 1024, 0x20)).toString('base64'))}`,
          ),
        413,
        'too-large',
        /inflates to more than/,
      ],
      [
        'oversized query',
        () => get(`?SAMLRequest=${'A'.repeat(600 * 1024)}`),
        413,
        'too-large',
        /larger than/,
      ],
      [
        'oversized form',
        () => browser.post(sim.info.ssoUrl, { SAMLRequest: 'A'.repeat(2 * 1024 * 1024) }),
        413,
        'too-large',
        /exceeds/,
      ],
      [
        'POST not base64',
        () => browser.post(sim.info.ssoUrl, { SAMLRequest: '<samlp:AuthnRequest/>' }),
        400,
        'bad-base64',
        /not valid base64/,
      ],
      [
        'unknown SP',
        () =>
          get(
            `?${buildRedirectQuery('SAMLRequest', good.xml.replace(`<saml:Issuer>${SP}`, '<saml:Issuer>https://stranger.accord.test'))}`,
          ),
        400,
        'unknown-sp',
        /stranger\.accord\.test.*is not a trusted SP/,
      ],
      [
        'wrong method',
        () => fetch(sim.info.ssoUrl, { method: 'PUT' }),
        405,
        'wrong-binding',
        /use GET, POST/,
      ],
    ];
    for (const [name, send, status, check, detail] of cases) {
      const res = await send();
      const body = await res.text();
      assert.equal(res.status, status, `${name}: ${body.slice(0, 400)}`);
      assert.match(body, new RegExp(`data-check="${check}"`), name);
      assert.match(body, detail, name);
    }
    const errors = (await trace(sim, 'flow-hostile')).filter((e) => e.kind === 'Error');
    // Every case but the last (sent without the browser's flow cookie) is in the flow's trace.
    assert.equal(errors.length, cases.length - 1);

    const still = await get(`?${buildRedirectQuery('SAMLRequest', good.xml)}`);
    assert.equal(still.status, 303, 'a good request still works');
  });

  test('a failed SP-AUTHN check is recorded on the AuthnRequest and the flow carries on to the metadata ACS', async () => {
    const browser = new Browser('flow-hostile');
    const get = (query: string) => browser.get(`${sim.info.ssoUrl}${query}`);
    const good = authnRequest(sim.info.ssoUrl);
    const cases: Array<[string, () => Promise<Response>, number, string, RegExp]> = [
      [
        'ACS not in the metadata',
        () =>
          get(
            `?${buildRedirectQuery('SAMLRequest', authnRequest(sim.info.ssoUrl, ' AssertionConsumerServiceURL="https://evil.accord.test/acs"').xml)}`,
          ),
        303,
        'SP-AUTHN-03',
        /https:\/\/evil\.accord\.test\/acs is not an AssertionConsumerService/,
      ],
      [
        'bad signature',
        () =>
          get(
            `?${buildRedirectQuery('SAMLRequest', good.xml, undefined, { key: privateKeyObject(otherPair.keyPem), algorithm: 'rsa-sha256' })}`,
          ),
        303,
        'SP-AUTHN-04',
        /signature invalid/,
      ],
      [
        'wrong Destination',
        () =>
          get(`?${buildRedirectQuery('SAMLRequest', authnRequest('https://elsewhere.accord.test/sso').xml)}`),
        303,
        'SP-AUTHN-02',
        /is not the SSO endpoint/,
      ],
    ];
    for (const [name, send, status, check, detail] of cases) {
      const res = await send();
      assert.equal(res.status, status, `${name}: ${(await res.text()).slice(0, 300)}`);
      const entry = (await trace(sim, 'flow-hostile')).filter((e) => e.kind === 'AuthnRequest').pop();
      const failed = (entry?.checks ?? []).find((c) => c.id === check);
      assert.equal(failed?.status, 'fail', name);
      assert.match(failed?.detail ?? '', detail, name);
    }
  });
});

describe('IdP simulator, other scenarios and instances', () => {
  for (const file of ['entra.yaml', 'ping.yaml']) {
    test(`${file}: login works at the vendor paths and signs as the scenario says`, async () => {
      const scenario = loadSamlScenario(join(SCENARIOS, file));
      const sim = await startWith(scenario);
      try {
        const { requestId, posted } = await login(sim, new Browser(), scenario.users[0]);
        assert.equal(posted.root.getAttribute('InResponseTo'), requestId);
        assert.equal(text(posted.root, NS.saml, 'Issuer'), sim.info.entityId);
        const cert = parseMetadata(await (await fetch(sim.info.metadataUrl)).text()).idp!.certs.signing[0];
        const signedParts = verifyEnvelopedSignatures(posted.xml, posted.root, { trustedCertsPem: [cert] })
          .filter((v) => v.valid)
          .map((v) => v.parent)
          .sort();
        const expected = [
          ...(scenario.idp.signing.assertion ? ['Assertion'] : []),
          ...(scenario.idp.signing.response ? ['Response'] : []),
        ].sort();
        assert.deepEqual(signedParts, expected);
        assert.deepEqual(attributeValues(posted, 'uid'), [scenario.users[0].email]);
        if (scenario.idp.tenantId) {
          assert.ok(sim.info.ssoUrl.includes(scenario.idp.tenantId));
          assert.deepEqual(attributeValues(posted, 'http://schemas.microsoft.com/identity/claims/tenantid'), [
            scenario.idp.tenantId,
          ]);
        }
      } finally {
        await sim.close();
      }
    });
  }

  test("an SP's own NameID (its target profile's nameId) replaces the scenario's; bad values are refused by name", async () => {
    const sim = await startIdpSimulator({ scenario: adfs, keystore, port: 0 });
    try {
      const trust = (q: string) =>
        fetch(`${sim.url}/__accord/peers${q}`, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: spMetadata(),
        });
      const bad = await trust('?nameIdFormat=email');
      assert.equal(bad.status, 400);
      assert.match(
        ((await bad.json()) as { error: string }).error,
        /^nameIdFormat: expected one of transient/,
      );
      const random = await trust('?nameIdFormat=persistent&nameIdFrom=random');
      assert.equal(random.status, 400);
      assert.match(
        ((await random.json()) as { error: string }).error,
        /^nameIdFrom: random is for a transient/,
      );
      const ok = await trust('?nameIdFormat=unspecified&nameIdFrom=email');
      assert.equal(ok.status, 200, await ok.clone().text());
      assert.deepEqual(await ok.json(), { entityId: SP, nameId: { format: 'unspecified', from: 'email' } });
      // The AD FS scenario says transient with qualifiers; this SP gets what its profile asked for.
      const { posted } = await login(sim, new Browser());
      assert.equal(attrOf(posted.root, NS.saml, 'NameID', 'Format'), NAME_ID_FORMAT_URNS.unspecified);
      assert.equal(text(posted.root, NS.saml, 'NameID'), adfs.users[0].email);
      // Trusting it again without a NameID puts the scenario's back.
      assert.equal((await trust('')).status, 200);
      const again = await login(sim, new Browser());
      assert.equal(attrOf(again.posted.root, NS.saml, 'NameID', 'Format'), NAME_ID_FORMAT_URNS.transient);
    } finally {
      await sim.close();
    }
  });

  test('two instances use different session cookies; an unknown defect stops startup', async () => {
    const a = await startWith(adfs);
    const b = await startWith(adfs);
    try {
      const browser = new Browser();
      await login(a, browser);
      const res = await browser.get(
        `${b.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', authnRequest(b.info.ssoUrl).xml)}`,
      );
      assert.equal(res.status, 303, 'signed in at A does not mean signed in at B');
      assert.equal([...browser.cookies.keys()].filter((k) => k.startsWith('accord_idp_')).length, 2);
    } finally {
      await a.close();
      await b.close();
    }
    assert.throws(
      () => createIdpSimulator({ scenario: adfs, keystore, defects: ['sha1', 'no-such-defect'] }),
      /unknown IdP defect "no-such-defect"/,
    );
  });
});

describe('IdP simulator startup defects', () => {
  const expectations: Record<string, (p: PostedResponse, requestId: string, cert: string) => void> = {
    unsigned: (p) => assert.equal(descendants(p.root, NS.ds, 'Signature').length, 0),
    'schema-invalid': (p) => assert.match(p.root.getAttribute('IssueInstant') ?? '', /^\d{4}-\d\d-\d\d \d/),
    sha1: (p, _id, cert) => {
      const v = verifyEnvelopedSignatures(p.xml, p.root, { trustedCertsPem: [cert] });
      assert.deepEqual(
        v.map((x) => [x.valid, x.signatureAlgorithm, x.digestAlgorithm]),
        [[true, ALGORITHMS['rsa-sha1'], ALGORITHMS.sha1]],
      );
    },
    'wrong-issuer': (p) => {
      assert.equal(text(p.root, NS.saml, 'Issuer'), 'https://wrong-issuer.accord.test/idp');
      assert.equal(text(p.assertion!, NS.saml, 'Issuer'), 'https://wrong-issuer.accord.test/idp');
    },
    'wrong-destination': (p) => {
      assert.equal(p.root.getAttribute('Destination'), 'https://wrong-destination.accord.test/acs');
      assert.equal(p.action, ACS, 'still posted to the real ACS');
    },
    'wrong-recipient': (p) =>
      assert.equal(
        attrOf(p.root, NS.saml, 'SubjectConfirmationData', 'Recipient'),
        'https://wrong-recipient.accord.test/acs',
      ),
    'wrong-audience': (p) =>
      assert.equal(text(p.root, NS.saml, 'Audience'), 'https://wrong-audience.accord.test/sp'),
    expired: (p) => {
      const end = new Date(attrOf(p.root, NS.saml, 'Conditions', 'NotOnOrAfter')!).getTime();
      assert.ok(end < Date.now() - 3_500_000, 'NotOnOrAfter about an hour ago');
      const scd = new Date(attrOf(p.root, NS.saml, 'SubjectConfirmationData', 'NotOnOrAfter')!).getTime();
      assert.ok(scd < Date.now() - 3_500_000);
    },
    'no-inresponseto': (p) => assert.ok(!p.xml.includes('InResponseTo')),
    'missing-uid': (p) => {
      assert.equal(attributeValues(p, 'uid'), undefined);
      assert.ok(attributeValues(p, 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'));
    },
    'uid-case': (p) => assert.deepEqual(attributeValues(p, 'uid'), ['ALICE.NGUYEN@CORP.EXAMPLE.COM']),
    'nameid-format-x509': (p) =>
      assert.equal(
        attrOf(p.root, NS.saml, 'NameID', 'Format'),
        'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
      ),
    'nameid-format-unspecified': (p) => {
      assert.equal(attrOf(p.root, NS.saml, 'NameID', 'Format'), NAME_ID_FORMAT_URNS.unspecified);
      assert.equal(
        text(p.root, NS.saml, 'NameID'),
        'alice.nguyen@corp.example.com',
        'the value is unchanged',
      );
    },
    'drop-relaystate': (p) => assert.equal(p.relayState, undefined),
    'two-assertions': (p, _id, cert) => {
      const assertions = descendants(p.root, NS.saml, 'Assertion');
      assert.equal(assertions.length, 2);
      assert.notEqual(assertions[0].getAttribute('ID'), assertions[1].getAttribute('ID'));
      const v = verifyEnvelopedSignatures(p.xml, p.root, { trustedCertsPem: [cert] });
      assert.deepEqual(
        v.map((x) => x.valid),
        [true, true],
      );
    },
    'status-responder': (p) =>
      assert.equal(attrOf(p.root, NS.samlp, 'StatusCode', 'Value'), STATUS.responder),
  };

  test('every defect is listed with a description and tested here', () => {
    const names = IDP_DEFECTS.map((d) => d.name).sort();
    assert.deepEqual(
      names,
      // The last ten change no login Response, or only during a rollover of a key: the
      // self-test matrix proves them through their suites.
      [
        ...Object.keys(expectations),
        'no-idp-initiated',
        'metadata-bad-signature',
        'slo-response-unsigned',
        'slo-keeps-session',
        'slo-first-sp-cert-only',
        'first-sp-cert-only',
        'accepts-bad-request-signature',
        'rollover-publishes-nothing',
        'rollover-unpublished-key',
        'rollover-keeps-retired-key',
      ].sort(),
    );
    for (const d of IDP_DEFECTS) assert.ok(d.description.length > 10, d.name);
  });

  for (const [defect, expect] of Object.entries(expectations)) {
    test(`defect ${defect} changes what it says`, async () => {
      const sim = await startWith(adfs, [defect]);
      try {
        const health = (await (await fetch(`${sim.url}/__accord/health`)).json()) as Health;
        assert.deepEqual(health.defects, [defect]);
        const { requestId, posted } = await login(sim, new Browser());
        const cert = parseMetadata(await (await fetch(sim.info.metadataUrl)).text()).idp!.certs.signing[0];
        expect(posted, requestId, cert);
        if (defect !== 'no-inresponseto') assert.equal(posted.root.getAttribute('InResponseTo'), requestId);
        if (defect !== 'drop-relaystate') assert.equal(posted.relayState, 'rs-1');
      } finally {
        await sim.close();
      }
    });
  }

  test('defect metadata-bad-signature: the metadata signature no longer verifies, the clean one does', async () => {
    for (const [defects, valid] of [
      [[], true],
      [['metadata-bad-signature'], false],
    ] as const) {
      const sim = await startWith(adfs, [...defects]);
      try {
        const xml = await (await fetch(sim.info.metadataUrl)).text();
        const md = parseMetadata(xml);
        const root = parseUntrustedXml(xml).documentElement!;
        const v = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: md.idp!.certs.signing });
        assert.equal(v.find((x) => x.parent === 'EntityDescriptor')?.valid, valid, defects.join() || 'clean');
      } finally {
        await sim.close();
      }
    }
  });

  test('defect no-idp-initiated: the IdP-initiated endpoints answer 501, SP-initiated still works', async () => {
    const sim = await startWith(adfs, ['no-idp-initiated']);
    try {
      for (const url of [
        `${sim.url}/__accord/idp-initiated?sp=${encodeURIComponent(SP)}`,
        `${sim.info.idpInitiatedUrl}?loginToRp=${encodeURIComponent(SP)}`,
      ]) {
        const res = await fetch(url);
        assert.equal(res.status, 501);
        assert.match(await res.text(), /IdP-initiated sign-on is disabled/);
      }
      const { posted } = await login(sim, new Browser());
      assert.equal(posted.action, ACS);
    } finally {
      await sim.close();
    }
  });
});
