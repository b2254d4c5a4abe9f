import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ResponsePlan } from '../../lib/admin/protocol.ts';
import { issueSelfSignedCertificate, Keystore, privateKeyObject } from '../../lib/pki/index.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { childElements, descendants, firstChild, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { TAMPERS, type TamperContext } from '../../lib/saml/tamper/index.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { loadSamlScenario } from '../../lib/scenario/index.ts';
import { FLOW_COOKIE } from '../../lib/trace/recorder.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { PlanError, validatePlan } from '../../simulators/idp/plans.ts';
import { mergeChanges } from '../../simulators/idp/response-changes.ts';
import { findTamper } from '../../simulators/idp/tamper-hook.ts';
import { sampleResponseModel } from '../support/sample-response.ts';

const idp = issueSelfSignedCertificate({ commonName: 'hook-idp' });
const attacker = issueSelfSignedCertificate({ commonName: 'hook-attacker' });
const ctx: TamperContext = {
  attackerNameId: 'mallory@corp.test',
  attackerKey: { key: privateKeyObject(attacker.keyPem), certPem: attacker.certPem },
  realKey: { key: privateKeyObject(idp.keyPem), certPem: idp.certPem },
};

function genuineXml(): string {
  const now = new Date('2026-03-01T10:00:00Z');
  return buildResponse(
    sampleResponseModel({
      issuer: 'https://idp.hook.test',
      sp: 'https://sp.hook.test',
      acs: 'https://sp.hook.test/acs',
      nameId: 'alice@corp.test',
      now,
    }),
    { signResponse: true, signAssertion: true, key: ctx.realKey!.key, certPem: idp.certPem },
  ).xml;
}

describe('findTamper', () => {
  test('finds every mutation of the catalogue by its name', async () => {
    for (const name of TAMPERS.keys()) assert.ok(await findTamper(name), name);
    assert.equal(await findTamper('no-such-mutation'), undefined);
  });

  test('passes the TamperContext through, with the fields a step sets', async () => {
    const plain = await findTamper('doctype-xxe');
    assert.match(await plain!(genuineXml(), ctx), /file:\/\/\/etc\/passwd/);
    const pointed = await findTamper('doctype-xxe?xxeUrl=http%3A%2F%2F127.0.0.1%3A9%2Ft1');
    assert.match(await pointed!(genuineXml(), ctx), /SYSTEM "http:\/\/127\.0\.0\.1:9\/t1\/general-entity"/);
    assert.equal(await findTamper('doctype-xxe?realKey=x'), undefined);
  });

  test('the retime step sets the times asked for, relative to IssueInstant, and re-signs with the IdP key', async () => {
    const fn = await findTamper('retime?subjectConfirmationNotOnOrAfter=-90&notBefore=30');
    const xml = await fn!(genuineXml(), ctx);
    const root = parseUntrustedXml(xml).documentElement!;
    const scd = descendants(root, NS.saml, 'SubjectConfirmationData')[0];
    const conditions = descendants(root, NS.saml, 'Conditions')[0];
    assert.equal(scd.getAttribute('NotOnOrAfter'), '2026-03-01T09:58:30Z');
    assert.equal(conditions.getAttribute('NotBefore'), '2026-03-01T10:00:30Z');
    assert.equal(conditions.getAttribute('NotOnOrAfter'), '2026-03-01T10:05:00Z');
    const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: [idp.certPem] });
    assert.deepEqual(
      verdicts.map((v) => [v.parent, v.valid]),
      [
        ['Response', true],
        ['Assertion', true],
      ],
    );
    assert.equal(await findTamper('retime?tomorrow=1'), undefined);
    await assert.rejects(async () => fn!(genuineXml(), { ...ctx, realKey: undefined }), /signing key/);
  });
});

describe('plans', () => {
  test('explicit times become the retime step; tamper options travel with their tamper', () => {
    assert.equal(mergeChanges({}, { notOnOrAfterSeconds: -210 }).tamper, 'retime?notOnOrAfter=-210');
    assert.equal(
      mergeChanges({}, { tamper: 'doctype-xxe', tamperOptions: { xxeUrl: 'http://127.0.0.1:9/t' } }).tamper,
      'doctype-xxe?xxeUrl=http%3A%2F%2F127.0.0.1%3A9%2Ft',
    );
    assert.equal(mergeChanges({}, { tamper: 'xsw3' }).tamper, 'xsw3');
    assert.equal(mergeChanges({}, { audience: 'x' }).tamper, undefined);
  });

  test('validation names what is wrong', async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ notBeforeSeconds: 'soon' }, /notBeforeSeconds must be a number/],
      [{ tamper: 'xsw3', subjectConfirmationNotOnOrAfterSeconds: -1 }, /cannot be combined/],
      [{ tamperOptions: { xxeUrl: 'http://127.0.0.1/x' } }, /tamperOptions needs a tamper/],
      [{ tamper: 'doctype-xxe', tamperOptions: { xxeUrl: 'file:///etc/passwd' } }, /http\(s\) URL/],
      [{ tamper: 'doctype-xxe', tamperOptions: { other: 1 } }, /unknown key tamperOptions\.other/],
      [{ tamper: 'xsw3?xxeUrl=http://x' }, /unknown tamper/],
    ];
    for (const [body, message] of bad) {
      await assert.rejects(
        () => validatePlan(body),
        (e: Error) => e instanceof PlanError && message.test(e.message),
        JSON.stringify(body),
      );
    }
    const good: ResponsePlan = { tamper: 'doctype-xxe', tamperOptions: { xxeUrl: 'http://127.0.0.1:9/t' } };
    assert.deepEqual(await validatePlan(good), good);
  });
});

describe('the IdP simulator applies plans through the hook', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'accord-hook-keys-'));
  const SP = 'https://sp.hook.test/saml';
  const ACS = 'https://sp.hook.test/saml/acs';
  let sim: RunningIdpSimulator;
  let cookie: string;
  const scenario = loadSamlScenario(fileURLToPath(new URL('../../scenarios/adfs.yaml', import.meta.url)));

  before(async () => {
    sim = await startIdpSimulator({ scenario, keystore: new Keystore(keysDir) });
    const metadata = `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="${SP}"><md:SPSSODescriptor protocolSupportEnumeration="${NS.samlp}"><md:AssertionConsumerService Binding="${BINDING.post}" Location="${ACS}" index="0"/></md:SPSSODescriptor></md:EntityDescriptor>`;
    const trusted = await fetch(`${sim.url}/__accord/peers`, { method: 'POST', body: metadata });
    assert.equal(trusted.status, 200);
    const start = await fetch(`${sim.url}/__accord/idp-initiated?sp=${encodeURIComponent(SP)}`, {
      redirect: 'manual',
    });
    cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
    const login = new URL(start.headers.get('location')!, sim.url);
    const user = scenario.users[0];
    const signedIn = await fetch(`${login.origin}${login.pathname}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: user.username, password: user.password }),
    });
    assert.equal(signedIn.status, 200);
  });
  after(async () => {
    await sim?.close();
    rmSync(keysDir, { recursive: true, force: true });
  });

  async function responseFor(flow: string, plan: ResponsePlan): Promise<string> {
    const put = await fetch(`${sim.url}/__accord/flows/${flow}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(plan),
    });
    assert.equal(put.status, 200, await put.text());
    const html = await (
      await fetch(`${sim.url}/__accord/idp-initiated?sp=${encodeURIComponent(SP)}`, {
        headers: { cookie: `${cookie}; ${FLOW_COOKIE}=${flow}` },
      })
    ).text();
    const value = /name="SAMLResponse" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(value, html.slice(0, 500));
    return Buffer.from(value, 'base64').toString('utf8');
  }

  test('a tamper of the catalogue, with another scenario user as the forged identity', async () => {
    const xml = await responseFor('fhook1', { tamper: 'xsw3', sign: { response: false, assertion: true } });
    const [forged, genuine] = childElements(parseUntrustedXml(xml).documentElement!, NS.saml, 'Assertion');
    const nameIdOf = (a: typeof forged) =>
      firstChild(firstChild(a, NS.saml, 'Subject')!, NS.saml, 'NameID')?.textContent;
    assert.equal(nameIdOf(forged), scenario.users[1].email);
    assert.equal(nameIdOf(genuine), scenario.users[0].email);
  });

  test('explicit times: only the bearer confirmation expired, still signed by the IdP key', async () => {
    const xml = await responseFor('fhook2', { subjectConfirmationNotOnOrAfterSeconds: -90 });
    const root = parseUntrustedXml(xml).documentElement!;
    const issued = Date.parse(root.getAttribute('IssueInstant')!);
    const scd = descendants(root, NS.saml, 'SubjectConfirmationData')[0];
    const conditions = descendants(root, NS.saml, 'Conditions')[0];
    assert.equal(Date.parse(scd.getAttribute('NotOnOrAfter')!), issued - 90_000);
    assert.ok(Date.parse(conditions.getAttribute('NotOnOrAfter')!) > issued);
    const verdicts = verifyEnvelopedSignatures(xml, root, {
      trustedCertsPem: [sim.simulator.context.signing.certPem],
    });
    assert.ok(verdicts.length > 0 && verdicts.every((v) => v.valid));
  });
});
