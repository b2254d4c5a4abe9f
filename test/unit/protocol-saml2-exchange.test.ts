import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { exchangeMetadata } from '../../lib/protocol/saml2/exchange-metadata.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import type { TargetProfile } from '../../lib/target/index.ts';
import { type RecordingServer, recordingServer } from '../support/recording-server.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const work = tempWorkspace('saml2-exchange');

const IDP_MD = `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="https://idp.exchange.accord.test">
<md:IDPSSODescriptor protocolSupportEnumeration="${NS.samlp}">
<md:SingleSignOnService Binding="${BINDING.redirect}" Location="https://idp.exchange.accord.test/sso"/>
</md:IDPSSODescriptor></md:EntityDescriptor>`;

const FILE = '/profiles/exchange-sp.yaml';

function spProfile(exchange: TargetProfile['exchange']): TargetProfile {
  return {
    file: FILE,
    name: 'exchange-sp',
    role: 'sp',
    protocol: 'saml2',
    baseUrl: 'http://127.0.0.1:9',
    metadata: { url: '{base_url}/md' },
    exchange,
    capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: ['post'] },
  };
}

/** Plays both sides: the counterpart publishing its metadata, and a target taking it by POST. */
let server: RecordingServer;
let published: string;
let vars: Record<string, string>;
before(async () => {
  server = await recordingServer((req) => {
    if (req.method === 'GET' && req.url.startsWith('/counterpart/metadata'))
      return { status: 200, body: IDP_MD, contentType: 'application/samlmetadata+xml' };
    if (req.method === 'POST' && req.url === '/target/peers') return { status: 200, body: '{}' };
    if (req.method === 'POST' && req.url === '/target/refuse')
      return { status: 422, body: 'no such IdP here' };
    return { status: 404, body: 'not here' };
  });
  published = `${server.url}/counterpart/metadata`;
  vars = { base_url: `${server.url}/target` };
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const posts = () => server.requests.filter((r) => r.method === 'POST');

describe('handing the counterpart metadata to a SAML target (exchange)', () => {
  test('post: the metadata XML is POSTed to the filled exchange.post URL', async () => {
    const said = await exchangeMetadata(spProfile({ post: '{base_url}/peers' }), vars, published);
    assert.equal(said, `posted to ${server.url}/target/peers`);
    assert.deepEqual(
      posts().map((r) => [r.url, r.contentType, r.body]),
      [['/target/peers', 'application/xml', IDP_MD]],
    );
  });

  test('post: a refusal names the profile file, the URL, the status and what the target said', async () => {
    await assert.rejects(
      exchangeMetadata(spProfile({ post: '{base_url}/refuse' }), vars, published),
      new Error(`${FILE}: exchange.post ${server.url}/target/refuse answered 422: no such IdP here`),
    );
  });

  test('command: runs with the metadata saved to {metadata_file}, and removes it afterwards', async () => {
    const out = join(work.dir, 'handed.xml');
    const command =
      `cp {metadata_file} ${out} && echo {metadata_file} > ${out}.path` +
      ` && echo "{metadata_url} {base_url} $ACCORD_PEER_METADATA_URL" > ${out}.url`;
    const said = await exchangeMetadata(spProfile({ command }), vars, published);
    assert.match(said, /^ran cp \//);
    assert.equal(readFileSync(out, 'utf8'), IDP_MD);
    assert.equal(readFileSync(`${out}.url`, 'utf8').trim(), `${published} ${server.url}/target ${published}`);
    const handed = readFileSync(`${out}.path`, 'utf8').trim();
    assert.ok(!existsSync(handed), `${handed} is left behind`);
    assert.deepEqual(posts(), []);
  });

  test('command: a failure names the profile file and what the command said', async () => {
    await assert.rejects(
      exchangeMetadata(spProfile({ command: 'echo the peer is not running >&2; exit 3' }), vars, published),
      new Error(`${FILE}: exchange.command failed: the peer is not running`),
    );
  });

  test('manual: nothing is sent; the operator is told which metadata URL to give the target', async () => {
    const said = await exchangeMetadata(spProfile({ manual: true }), vars, published);
    assert.equal(said, `manual: give the target ${published}`);
    assert.deepEqual(posts(), []);
  });

  test('an SP target gets IdP metadata offering only its exchange.ssoBindings', async () => {
    const said = await exchangeMetadata(spProfile({ manual: true, ssoBindings: ['post'] }), vars, published);
    assert.equal(said, `manual: give the target ${published}?ssoBindings=post`);
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/counterpart/metadata?ssoBindings=post'],
    );
  });

  test('counterpart metadata that cannot be had is an error naming the profile and the URL; nothing is posted', async () => {
    await assert.rejects(
      exchangeMetadata(spProfile({ post: '{base_url}/peers' }), vars, `${server.url}/gone`),
      new Error(`${FILE}: the counterpart's metadata ${server.url}/gone answered 404: not here`),
    );
    assert.deepEqual(posts(), []);
  });
});
