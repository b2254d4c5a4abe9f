import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Element } from '@xmldom/xmldom';
import type { IssuedLogoutRequest } from '../../lib/admin/protocol.ts';
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
import { validateSamlXml } from '../../lib/saml/schema/validator.ts';
import { signXmlElement } from '../../lib/saml/sign-xml.ts';
import { loadSamlScenario, type Scenario } from '../../lib/scenario/index.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';
import { xmlsecVerify } from '../support/xmlsec.ts';

const keystore = new Keystore(tempWorkspace('idp-logout-keys').dir);
const adfs = loadSamlScenario(fileURLToPath(new URL('../../scenarios/adfs.yaml', import.meta.url)));
/** AD FS with a NameID drawn at random per sign-in: only the flow's Response can tell what it was. */
const adfsRandom: Scenario = {
  ...adfs,
  idp: { ...adfs.idp, nameId: { ...adfs.idp.nameId, from: 'random' } },
};

const spPair = issueSelfSignedCertificate({ commonName: 'sp.logout-test.accord.test' });
const spKey = privateKeyObject(spPair.keyPem);
const otherKey = privateKeyObject(issueSelfSignedCertificate({ commonName: 'other.accord.test' }).keyPem);
const SP = 'https://sp.logout-test.accord.test/saml';
const SP_REDIRECT_ONLY = 'https://redirect-only.logout-test.accord.test/saml';
const ACS = 'https://sp.logout-test.accord.test/saml/acs';
const SLO_REDIRECT = 'https://sp.logout-test.accord.test/saml/slo?via=redirect';
const SLO_POST = 'https://sp.logout-test.accord.test/saml/slo-post';

function spMetadata(entityId: string, slo: Array<[string, string]>): string {
  const cert = spPair.certPem.replace(/-----[^-]+-----|\s/g, '');
  return `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
<md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
${slo.map(([b, l]) => `<md:SingleLogoutService Binding="${b}" Location="${l.replace(/&/g, '&amp;')}"/>`).join('\n')}
<md:AssertionConsumerService Binding="${BINDING.post}" Location="${ACS}" index="0" isDefault="true"/>
</md:SPSSODescriptor></md:EntityDescriptor>`;
}

async function start(scenario: Scenario): Promise<{ sim: RunningIdpSimulator; idpCert: string }> {
  const sim = await startIdpSimulator({ scenario, keystore, port: 0 });
  for (const md of [
    spMetadata(SP, [
      [BINDING.redirect, SLO_REDIRECT],
      [BINDING.post, SLO_POST],
    ]),
    spMetadata(SP_REDIRECT_ONLY, [[BINDING.redirect, `${SP_REDIRECT_ONLY}/slo`]]),
  ]) {
    const res = await fetch(`${sim.url}/__accord/peers`, { method: 'POST', body: md });
    assert.equal(res.status, 200, await res.text());
  }
  const idpCert = parseMetadata(await (await fetch(sim.info.metadataUrl)).text()).idp!.certs.signing[0];
  return { sim, idpCert };
}

function order(sim: RunningIdpSimulator, body: unknown, raw?: string): Promise<Response> {
  return fetch(`${sim.url}/__accord/logout-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
}

async function issue(sim: RunningIdpSimulator, body: unknown): Promise<IssuedLogoutRequest> {
  const res = await order(sim, body);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text) as IssuedLogoutRequest;
}

async function trace(sim: RunningIdpSimulator): Promise<TraceEntry[]> {
  return (await (await fetch(`${sim.url}/__accord/trace`)).json()) as TraceEntry[];
}

const rootOf = (xml: string) => parseUntrustedXml(xml).documentElement!;
const one = (root: Element, ns: string, name: string) => descendants(root, ns, name)[0];

/** Signs the user in at the IdP by an SP-initiated login in `flow`; the NameID and SessionIndex it asserted. */
async function signIn(
  sim: RunningIdpSimulator,
  flow: string,
  user: { username: string; password: string },
): Promise<{ nameId: Element; sessionIndex: string; cookie: string }> {
  const cookies = new Map<string, string>([['accord-flow', flow]]);
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
  };
  const request =
    `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_ar-${flow}" Version="2.0"` +
    ` IssueInstant="${new Date().toISOString()}" Destination="${sim.info.ssoUrl}"><saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`;
  const first = await fetch(`${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', request)}`, {
    headers: { cookie: header() },
    redirect: 'manual',
  });
  keep(first);
  const loginUrl = first.headers.get('location')!;
  const form = await (await fetch(loginUrl, { headers: { cookie: header() } })).text();
  const key = /name="req" value="([^"]+)"/.exec(form)![1];
  const posted = await fetch(loginUrl.split('?')[0], {
    method: 'POST',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: user.username, password: user.password, req: key }).toString(),
    redirect: 'manual',
  });
  keep(posted);
  const html = await posted.text();
  const value = /name="SAMLResponse" value="([^"]*)"/.exec(html)![1];
  const response = rootOf(decodePostMessage(value));
  return {
    nameId: one(response, NS.saml, 'NameID'),
    sessionIndex: one(response, NS.saml, 'AuthnStatement').getAttribute('SessionIndex')!,
    cookie: header(),
  };
}

const NAMEID_ATTRIBUTES = ['Format', 'NameQualifier', 'SPNameQualifier'];
const nameIdShape = (n: Element) => [
  n.textContent,
  ...NAMEID_ATTRIBUTES.map((a) => n.getAttribute(a) || undefined),
];

describe('POST /__accord/logout-requests', () => {
  let sim: RunningIdpSimulator;
  let idpCert: string;
  before(async () => ({ sim, idpCert } = await start(adfs)));
  after(() => sim.close());

  test('redirect: a LogoutRequest for the user, its query signed with the IdP key, traced, not sent', async () => {
    const user = adfs.users[1];
    const got = await issue(sim, { sp: SP, user: user.username, binding: 'redirect', relayState: 'rs-9' });
    assert.equal(got.url, SLO_REDIRECT);
    assert.equal(got.samlRequest, undefined);
    assert.equal(got.relayState, 'rs-9');
    const q = new URLSearchParams(got.query);
    assert.deepEqual([...q.keys()], ['SAMLRequest', 'RelayState', 'SigAlg', 'Signature']);
    assert.equal(q.get('RelayState'), 'rs-9');
    assert.equal(q.get('SigAlg'), ALGORITHMS[adfs.idp.signing.signatureAlgorithm]);
    assert.equal(verifyRedirectSignature(got.query!, [idpCert]).valid, true);
    const otherCert = issueSelfSignedCertificate({ commonName: 'x.accord.test' }).certPem;
    assert.equal(verifyRedirectSignature(got.query!, [otherCert]).valid, false);

    const xml = decodeRedirectMessage(q.get('SAMLRequest')!);
    assert.deepEqual(await validateSamlXml(xml), { valid: true, errors: [] });
    const root = rootOf(xml);
    assert.equal(root.localName, 'LogoutRequest');
    assert.equal(root.getAttribute('ID'), got.id);
    assert.equal(root.getAttribute('Version'), '2.0');
    assert.ok(Math.abs(Date.parse(root.getAttribute('IssueInstant')!) - Date.now()) < 60_000);
    assert.equal(root.getAttribute('Destination'), SLO_REDIRECT);
    assert.equal(one(root, NS.saml, 'Issuer').textContent, sim.info.entityId);
    assert.deepEqual(nameIdShape(one(root, NS.saml, 'NameID')), [
      user.email,
      'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      sim.info.entityId,
      SP,
    ]);
    assert.equal(one(root, NS.samlp, 'SessionIndex'), undefined, 'no session known, no SessionIndex');

    const entry = (await trace(sim)).find((e) => e.kind === 'LogoutRequest' && e.info?.id === got.id);
    assert.ok(entry, 'the issued LogoutRequest is in the trace');
    assert.equal(entry.direction, 'out');
    assert.equal(entry.from, 'IdP');
    assert.equal(entry.to, 'SP');
    assert.equal(entry.binding, 'HTTP-Redirect');
    assert.equal(entry.decoded, xml);
    assert.equal(entry.raw, got.query);
    assert.equal(entry.flow, undefined);
  });

  test('post: an enveloped signature that xmlsec1 verifies with the IdP certificate only', async () => {
    const got = await issue(sim, { sp: SP, user: adfs.users[0].username, binding: 'post', flow: 'f-post' });
    assert.equal(got.url, SLO_POST);
    assert.equal(got.query, undefined);
    const xml = decodePostMessage(got.samlRequest!, 'SAMLRequest');
    assert.deepEqual(await validateSamlXml(xml), { valid: true, errors: [] });
    const root = rootOf(xml);
    assert.equal(root.getAttribute('Destination'), SLO_POST);
    const sig = one(root, NS.ds, 'Signature');
    assert.equal((sig.parentNode as Element).localName, 'LogoutRequest');
    assert.equal(one(sig, NS.ds, 'Reference').getAttribute('URI'), `#${got.id}`);
    const idElements = ['urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest'];
    const ok = xmlsecVerify(xml, idpCert, { idElements });
    assert.ok(ok.ok, ok.output);
    const wrongKey = issueSelfSignedCertificate({ commonName: 'y.accord.test' }).certPem;
    assert.equal(xmlsecVerify(xml, wrongKey, { idElements }).ok, false);
    const tampered = xml.replace(adfs.users[0].email, adfs.users[1].email);
    assert.notEqual(tampered, xml);
    assert.equal(xmlsecVerify(tampered, idpCert, { idElements }).ok, false);
    const entry = (await trace(sim)).find((e) => e.info?.id === got.id);
    assert.equal(entry?.flow, 'f-post', 'traced in the flow it was asked for');
    assert.equal(entry?.binding, 'HTTP-POST');
  });

  test('every bad order is a 400 JSON {error, check} naming the field', async () => {
    const u = adfs.users[0].username;
    const cases: Array<[string, unknown, string, RegExp, string?]> = [
      ['not JSON', undefined, 'body', /not JSON/, '{sp:'],
      ['empty body', undefined, 'body', /JSON object/, ''],
      ['an array', [], 'body', /JSON object/],
      ['unknown key', { sp: SP, user: u, binding: 'post', nameId: 'x' }, 'nameId', /unknown key nameId/],
      ['no sp', { user: u, binding: 'post' }, 'sp', /sp is required/],
      ['unknown SP', { sp: 'https://nobody', user: u, binding: 'post' }, 'sp', /not a trusted SP.*trusted: /],
      ['unknown user', { sp: SP, user: 'mallory', binding: 'post' }, 'user', /"mallory" is not a user/],
      ['user not a string', { sp: SP, user: 7, binding: 'post' }, 'user', /non-empty string/],
      ['bad binding', { sp: SP, user: u, binding: 'soap' }, 'binding', /"redirect" or "post"/],
      [
        'SP without that binding',
        { sp: SP_REDIRECT_ONLY, user: u, binding: 'post' },
        'binding',
        /no HTTP-POST SingleLogoutService; it has: redirect/,
      ],
      ['empty flow', { sp: SP, user: u, binding: 'post', flow: '' }, 'flow', /non-empty string/],
      [
        'RelayState over 80 bytes',
        { sp: SP, user: u, binding: 'redirect', relayState: 'r'.repeat(81) },
        'relayState',
        /80 bytes/,
      ],
    ];
    for (const [what, body, check, error, raw] of cases) {
      const res = await order(sim, body, raw);
      assert.equal(res.status, 400, what);
      assert.match(res.headers.get('content-type') ?? '', /json/, what);
      const got = (await res.json()) as { error: string; check: string };
      assert.equal(got.check, check, `${what}: ${got.error}`);
      assert.match(got.error, error, what);
    }
    const big = await order(sim, undefined, JSON.stringify({ sp: SP, pad: 'x'.repeat(20_000) }));
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { check: string }).check, 'body');
    assert.equal((await fetch(`${sim.url}/__accord/health`)).status, 200, 'the IdP keeps serving');
  });
});

describe('LogoutRequests about a flow, and the LogoutResponses to them', () => {
  let sim: RunningIdpSimulator;
  let idpCert: string;
  before(async () => ({ sim, idpCert } = await start(adfsRandom)));
  after(() => sim.close());

  test("with flow, the request names exactly that flow's Response: transient NameID and SessionIndex", async () => {
    const user = adfsRandom.users[0];
    const signedIn = await signIn(sim, 'f-login', user);
    const got = await issue(sim, { sp: SP, user: user.username, binding: 'redirect', flow: 'f-login' });
    const root = rootOf(decodeRedirectMessage(new URLSearchParams(got.query).get('SAMLRequest')!));
    assert.deepEqual(nameIdShape(one(root, NS.saml, 'NameID')), nameIdShape(signedIn.nameId));
    assert.equal(one(root, NS.samlp, 'SessionIndex').textContent, signedIn.sessionIndex);

    const fresh = await issue(sim, { sp: SP, user: user.username, binding: 'redirect' });
    const freshRoot = rootOf(decodeRedirectMessage(new URLSearchParams(fresh.query).get('SAMLRequest')!));
    assert.notEqual(one(freshRoot, NS.saml, 'NameID').textContent, signedIn.nameId.textContent);
    assert.equal(one(freshRoot, NS.samlp, 'SessionIndex'), undefined);

    const other = await order(sim, {
      sp: SP,
      user: adfsRandom.users[1].username,
      binding: 'post',
      flow: 'f-login',
    });
    assert.equal(other.status, 400);
    const err = (await other.json()) as { check: string; error: string };
    assert.equal(err.check, 'user');
    assert.match(err.error, new RegExp(`signed ${user.username} in`));
  });

  /** The SP's answer, by Redirect (signature over the query) or POST (enveloped), to the IdP SLO. */
  function logoutResponse(
    inResponseTo: string,
    opts: { status?: string; key?: typeof spKey | null; issuer?: string; id?: string } = {},
  ): string {
    const id = opts.id ?? `_lr-${Math.random().toString(36).slice(2)}`;
    return (
      `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" Destination="${sim.info.sloUrl}" InResponseTo="${inResponseTo}">` +
      `<saml:Issuer>${opts.issuer ?? SP}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="${opts.status ?? STATUS.success}"/></samlp:Status></samlp:LogoutResponse>`
    );
  }

  async function lastResponseEntry(): Promise<TraceEntry> {
    const entry = (await trace(sim)).filter((e) => e.kind === 'LogoutResponse' && e.direction === 'in').pop();
    assert.ok(entry, 'the LogoutResponse is traced');
    return entry;
  }

  test('a signed, matching LogoutResponse is recorded as such and ends the IdP session it named', async () => {
    const user = adfsRandom.users[0];
    const signedIn = await signIn(sim, 'f-slo', user);
    const got = await issue(sim, { sp: SP, user: user.username, binding: 'redirect', flow: 'f-slo' });
    const query = buildRedirectQuery('SAMLResponse', logoutResponse(got.id), 'back', {
      key: spKey,
      algorithm: 'rsa-sha256',
    });
    // Another browser delivers the answer: the session ends by its SessionIndex, not by cookie.
    const res = await fetch(`${sim.info.sloUrl}?${query}`);
    assert.equal(res.status, 200, await res.text());
    const entry = await lastResponseEntry();
    assert.equal(entry.flow, 'f-slo', 'without a flow cookie, the flow of the request it answers');
    assert.equal(entry.binding, 'HTTP-Redirect');
    assert.deepEqual(
      {
        inResponseTo: entry.info?.inResponseTo,
        matched: entry.info?.matched,
        issuedTo: entry.info?.issuedTo,
        issuer: entry.info?.issuer,
        status: entry.info?.status,
        sessionsEnded: entry.info?.sessionsEnded,
      },
      {
        inResponseTo: got.id,
        matched: true,
        issuedTo: SP,
        issuer: SP,
        status: STATUS.success,
        sessionsEnded: 1,
      },
    );
    assert.deepEqual(entry.info?.signature, {
      present: true,
      valid: true,
      algorithm: ALGORITHMS['rsa-sha256'],
      detail: 'signature verified',
    });
    // The IdP session is over: a new AuthnRequest from that browser meets the login form again.
    const request =
      `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_after" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" Destination="${sim.info.ssoUrl}"><saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`;
    const again = await fetch(`${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', request)}`, {
      headers: { cookie: signedIn.cookie },
      redirect: 'manual',
    });
    assert.equal(again.status, 303, 'signed out at the IdP: the login form again');

    const replay = await fetch(`${sim.info.sloUrl}?${query}`);
    assert.equal(replay.status, 400, 'an answer is matched once');
    assert.equal((await lastResponseEntry()).info?.matched, false);
  });

  test('unmatched, foreign, unsigned or badly signed answers are recorded as such and refused', async () => {
    const user = adfsRandom.users[1].username;
    const post = (xml: string) =>
      fetch(sim.info.sloUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ SAMLResponse: encodePostMessage(xml) }).toString(),
      });
    const signed = (xml: string, key: typeof spKey) =>
      signXmlElement(xml, {
        id: rootOf(xml).getAttribute('ID')!,
        key,
        certPem: spPair.certPem,
        signatureAlgorithm: 'rsa-sha256',
        digestAlgorithm: 'sha256',
      });

    const unknown = await post(signed(logoutResponse('_never-issued'), spKey));
    assert.equal(unknown.status, 400);
    let info = (await lastResponseEntry()).info!;
    assert.equal(info.matched, false);
    assert.equal(info.inResponseTo, '_never-issued');
    assert.equal(info.issuedTo, null);
    assert.equal((info.signature as { valid: boolean }).valid, true);

    const toOther = await issue(sim, { sp: SP_REDIRECT_ONLY, user, binding: 'redirect' });
    const foreign = await post(signed(logoutResponse(toOther.id), spKey));
    assert.equal(foreign.status, 400);
    info = (await lastResponseEntry()).info!;
    assert.equal(info.matched, false, 'answered by an SP the request did not go to');
    assert.equal(info.issuedTo, SP_REDIRECT_ONLY);
    assert.equal(info.issuer, SP);

    const a = await issue(sim, { sp: SP, user, binding: 'post' });
    const badlySigned = await post(signed(logoutResponse(a.id, { status: STATUS.responder }), otherKey));
    assert.equal(badlySigned.status, 400);
    assert.match(await badlySigned.text(), /data-check="bad-signature"/);
    info = (await lastResponseEntry()).info!;
    assert.equal(info.matched, true);
    assert.equal(info.status, STATUS.responder);
    assert.deepEqual(
      [(info.signature as { present: boolean }).present, (info.signature as { valid: boolean }).valid],
      [true, false],
    );

    const b = await issue(sim, { sp: SP, user, binding: 'redirect' });
    const unsigned = await fetch(
      `${sim.info.sloUrl}?${buildRedirectQuery('SAMLResponse', logoutResponse(b.id))}`,
    );
    assert.equal(unsigned.status, 400);
    info = (await lastResponseEntry()).info!;
    assert.equal(info.matched, true);
    assert.deepEqual(info.signature, {
      present: false,
      valid: false,
      detail: 'no Signature/SigAlg in the query',
    });
    assert.equal((await fetch(`${sim.url}/__accord/health`)).status, 200);
  });
});
