import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readTargetMetadata } from '../../lib/protocol/saml2/read-target-metadata.ts';
import { BINDING, NS } from '../../lib/saml/namespaces.ts';
import type { TargetProfile } from '../../lib/target/index.ts';
import { type RecordingServer, recordingServer } from '../support/recording-server.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const work = tempWorkspace('saml2-read-metadata');

const SP_ENTITY = 'https://sp.read-metadata.accord.test';
const SP_MD = `<md:EntityDescriptor xmlns:md="${NS.md}" entityID="${SP_ENTITY}">
<md:SPSSODescriptor protocolSupportEnumeration="${NS.samlp}">
<md:AssertionConsumerService Binding="${BINDING.post}" Location="${SP_ENTITY}/acs" index="0"/>
</md:SPSSODescriptor></md:EntityDescriptor>`;

function spProfile(metadata: TargetProfile['metadata'], role: TargetProfile['role'] = 'sp'): TargetProfile {
  return {
    file: '/profiles/read-metadata-sp.yaml',
    name: 'read-metadata-sp',
    role,
    protocol: 'saml2',
    baseUrl: 'http://127.0.0.1:9',
    metadata,
    exchange: { manual: true },
    capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: ['post'] },
  };
}

let server: RecordingServer;
before(async () => {
  server = await recordingServer((req) => {
    if (req.url === '/saml/metadata') return { status: 200, body: SP_MD, contentType: 'application/xml' };
    if (req.url === '/not-xml') return { status: 200, body: 'welcome to the login page' };
    return { status: 503, body: 'down for maintenance' };
  });
});
after(() => server.close());

describe('reading a SAML target metadata (the saml2 descriptor)', () => {
  test('from metadata.file', async () => {
    const file = work.write('sp.xml', SP_MD);
    const md = await readTargetMetadata(spProfile({ file }), {});
    assert.equal(md.entityId, SP_ENTITY);
    assert.deepEqual(
      md.sp?.acs.map((e) => e.location),
      [`${SP_ENTITY}/acs`],
    );
  });

  test('from metadata.url, with its template filled', async () => {
    const md = await readTargetMetadata(spProfile({ url: '{base_url}/saml/metadata' }), {
      base_url: server.url,
    });
    assert.equal(md.entityId, SP_ENTITY);
    assert.equal(server.requests.at(-1)?.url, '/saml/metadata');
  });

  test('metadata without the role descriptor the profile declares is refused, naming the profile', async () => {
    const file = work.write('sp-for-idp.xml', SP_MD);
    await assert.rejects(
      readTargetMetadata(spProfile({ file }, 'idp'), {}),
      new Error('/profiles/read-metadata-sp.yaml: role is idp but its metadata has no IDPSSODescriptor'),
    );
  });

  test('a URL with a bad answer names the profile file, the URL and the status', async () => {
    const url = `${server.url}/saml/metadata-gone`;
    await assert.rejects(
      readTargetMetadata(spProfile({ url: '{base_url}/saml/metadata-gone' }), { base_url: server.url }),
      new Error(`/profiles/read-metadata-sp.yaml: metadata.url ${url} answered 503`),
    );
  });

  test('a URL that answers something other than metadata names the profile file', async () => {
    await assert.rejects(
      readTargetMetadata(spProfile({ url: `${server.url}/not-xml` }), {}),
      /\/profiles\/read-metadata-sp\.yaml metadata/,
    );
  });

  test('a URL nobody answers names the profile file and the URL', async () => {
    const closed = await recordingServer(() => ({ status: 200 }));
    await closed.close();
    await assert.rejects(readTargetMetadata(spProfile({ url: `${closed.url}/md` }), {}), (e: Error) =>
      e.message.startsWith(
        `/profiles/read-metadata-sp.yaml: metadata.url ${closed.url}/md cannot be fetched: `,
      ),
    );
  });

  test('a missing metadata.file names the profile file and the file', async () => {
    const file = `${work.dir}/nowhere.xml`;
    await assert.rejects(readTargetMetadata(spProfile({ file }), {}), (e: Error) =>
      e.message.startsWith(`/profiles/read-metadata-sp.yaml: metadata.file ${file} cannot be read: `),
    );
  });
});
