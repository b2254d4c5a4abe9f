import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { idpMetadataUrl } from '../../lib/admin/idp-metadata-query.ts';
import { Keystore } from '../../lib/pki/index.ts';
import { exchangeMetadata } from '../../lib/protocol/saml2/exchange-metadata.ts';
import { buildRedirectQuery } from '../../lib/saml/bindings.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { InputFileError, loadSamlScenario } from '../../lib/scenario/index.ts';
import { loadTargetProfile, type TargetProfile } from '../../lib/target/index.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const work = tempWorkspace('sso-bindings');
const keystore = new Keystore(join(work.dir, 'keys'));
/** AD FS signs its metadata: the narrowed metadata must be signed afresh, not edited. */
const adfs = loadSamlScenario(join(REPO, 'scenarios/adfs.yaml'));

const SP_MD = `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="https://sp.sso-bindings.accord.test">
<md:SPSSODescriptor protocolSupportEnumeration="${NS.samlp}">
<md:AssertionConsumerService Binding="${BINDING.post}" Location="https://sp.sso-bindings.accord.test/acs" index="0"/>
</md:SPSSODescriptor></md:EntityDescriptor>`;

const ssoBindingsOf = (xml: string) => parseMetadata(xml).idp!.ssoServices.map((s) => s.binding);

describe('IdP metadata offering only some SSO bindings', () => {
  let sim: RunningIdpSimulator;
  before(async () => {
    sim = await startIdpSimulator({ scenario: adfs, keystore, port: 0 });
  });
  after(() => sim.close());

  test('?ssoBindings=post publishes only HTTP-POST SSO, signed; SLO and the default stay as they were', async () => {
    const plain = await (await fetch(sim.info.metadataUrl)).text();
    assert.deepEqual(ssoBindingsOf(plain), [BINDING.redirect, BINDING.post]);
    for (const [only, expected] of [
      ['post', [BINDING.post]],
      ['redirect', [BINDING.redirect]],
      ['post,redirect', [BINDING.redirect, BINDING.post]],
    ] as const) {
      const res = await fetch(`${sim.info.metadataUrl}?ssoBindings=${only}`);
      assert.equal(res.status, 200);
      const xml = await res.text();
      const md = parseMetadata(xml);
      assert.deepEqual(ssoBindingsOf(xml), expected, only);
      assert.deepEqual(
        md.idp!.sloServices.map((s) => s.binding),
        [BINDING.redirect, BINDING.post],
        'SLO is not narrowed',
      );
      const root = parseUntrustedXml(xml).documentElement!;
      const verdicts = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: md.idp!.certs.signing });
      assert.deepEqual(
        verdicts.map((v) => v.valid),
        [true],
        `${only}: ${verdicts.map((v) => v.detail).join()}`,
      );
    }
    assert.deepEqual(ssoBindingsOf(await (await fetch(`${sim.url}/metadata?ssoBindings=post`)).text()), [
      BINDING.post,
    ]);
  });

  test('a bad ssoBindings is a 400 naming the parameter', async () => {
    for (const q of ['ssoBindings=soap', 'ssoBindings=', 'ssoBindings=post&ssoBindings=redirect']) {
      const res = await fetch(`${sim.info.metadataUrl}?${q}`);
      assert.equal(res.status, 400, q);
      const html = await res.text();
      assert.match(html, /data-check="ssoBindings"/, q);
      assert.match(html, /ssoBindings/, q);
    }
  });

  test('the SSO endpoint still takes an HTTP-Redirect AuthnRequest', async () => {
    await fetch(`${sim.url}/__accord/peers`, { method: 'POST', body: SP_MD });
    const request =
      `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="_r1" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" Destination="${sim.info.ssoUrl}">` +
      '<saml:Issuer>https://sp.sso-bindings.accord.test</saml:Issuer></samlp:AuthnRequest>';
    const res = await fetch(`${sim.info.ssoUrl}?${buildRedirectQuery('SAMLRequest', request)}`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 303, await res.text());
  });

  test('the harness hands an SP profile with exchange.ssoBindings the narrowed metadata', async () => {
    const out = join(work.dir, 'handed-over.xml');
    const profile: TargetProfile = {
      ...loadTargetProfile(join(REPO, 'targets/mellon-post.yaml')),
      exchange: {
        command: `cp {metadata_file} ${out} && echo {metadata_url} > ${out}.url`,
        ssoBindings: ['post'],
      },
    };
    const said = await exchangeMetadata(profile, { base_url: 'http://127.0.0.1:9' }, sim.info.metadataUrl);
    assert.match(said, /^ran cp /);
    assert.deepEqual(ssoBindingsOf(readFileSync(out, 'utf8')), [BINDING.post]);
    assert.equal(readFileSync(`${out}.url`, 'utf8').trim(), `${sim.info.metadataUrl}?ssoBindings=post`);

    // An IdP target is given SP metadata: nothing to narrow there.
    assert.equal(idpMetadataUrl('http://127.0.0.1:1/md', undefined), 'http://127.0.0.1:1/md');
  });
});

describe('exchange.ssoBindings in target profiles', () => {
  const SP = (extra: string, bindings = '[post]', role = 'sp') => `name: x
role: ${role}
protocol: saml2
baseUrl: https://sp.example.org
metadata: { url: '{base_url}/md' }
exchange:
  manual: true
${extra}
capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: ${bindings} }
${
  role === 'sp'
    ? "login: { start: { redirect: '{base_url}/r', post: '{base_url}/p' }, success: { text: '{email}' } }"
    : "loginForm: { username: '#u', password: '#p', submit: '#s' }\nusers: [{ username: a, password: b, email: a@b.c }]"
}
`;

  const errorOf = (yaml: string): string => {
    const file = work.write(`p-${Math.random().toString(36).slice(2)}.yaml`, yaml);
    try {
      loadTargetProfile(file);
    } catch (e) {
      assert.ok(e instanceof InputFileError, String(e));
      return e.message;
    }
    return '';
  };

  test('the shipped post profiles declare post and ask for post-only IdP metadata', () => {
    for (const name of ['mellon-post', 'simplesamlphp-sp-post']) {
      const p = loadTargetProfile(join(REPO, `targets/${name}.yaml`));
      assert.deepEqual(p.capabilities.bindings, ['post'], name);
      assert.deepEqual(p.exchange?.ssoBindings, ['post'], name);
      assert.ok(p.login?.start.post, name);
    }
  });

  test('valid, and each misuse named at /exchange/ssoBindings', () => {
    assert.equal(errorOf(SP('  ssoBindings: [post]')), '');
    assert.equal(errorOf(SP('  ssoBindings: [redirect, post]', '[redirect, post]')), '');
    assert.match(
      errorOf(SP('  ssoBindings: [post]', '[redirect, post]')),
      /\/exchange\/ssoBindings.*capabilities\.bindings lists redirect, which this IdP metadata would not offer/,
    );
    assert.match(
      errorOf(SP('  ssoBindings: [post]', '[post]', 'idp')),
      /\/exchange\/ssoBindings.*role sp only/,
    );
    assert.match(errorOf(SP('  ssoBindings: [soap]')), /\/exchange\/ssoBindings\/0/);
    assert.match(errorOf(SP('  ssoBindings: []')), /\/exchange\/ssoBindings/);
  });
});
