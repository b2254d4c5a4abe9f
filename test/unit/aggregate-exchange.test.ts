import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeAggregates } from '../../cli/harness/aggregate-exchange.ts';
import { exchangeMetadata } from '../../lib/protocol/saml2/exchange-metadata.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import type { TargetProfile } from '../../lib/target/index.ts';
import { type RecordingServer, recordingServer } from '../support/recording-server.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const work = tempWorkspace('aggregate-exchange');

const md = (entityId: string) =>
  `<EntityDescriptor xmlns="${NS.md}" entityID="${entityId}"><IDPSSODescriptor protocolSupportEnumeration="${NS.samlp}"/></EntityDescriptor>`;

function profile(
  name: string,
  exchange: TargetProfile['exchange'],
  role: 'sp' | 'idp' = 'sp',
): TargetProfile {
  return {
    file: `/profiles/${name}.yaml`,
    name,
    role,
    protocol: 'saml2',
    baseUrl: 'http://127.0.0.1:9',
    metadata: { url: '{base_url}/md' },
    exchange,
    capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: ['redirect', 'post'] },
  };
}

let server: RecordingServer;
before(async () => {
  server = await recordingServer((req) => {
    const m = /^\/(adfs|entra)\/metadata/.exec(req.url);
    return m
      ? { status: 200, body: md(`https://${m[1]}.accord.test`), contentType: 'application/samlmetadata+xml' }
      : { status: 404, body: 'not here' };
  });
});
after(() => server.close());

test("an SP target's exchange command is offered every IdP of the run in one file", async () => {
  const sp = profile('shib', { command: 'true' });
  const files = await writeAggregates(
    [
      { target: 'shib', profile: sp, descriptorUrl: `${server.url}/adfs/metadata` },
      { target: 'shib', profile: sp, descriptorUrl: `${server.url}/entra/metadata` },
      // Only an SP taking metadata by command reads a file: a POST target and an IdP target get none.
      {
        target: 'posted',
        profile: profile('posted', { post: '{base_url}/peers' }),
        descriptorUrl: `${server.url}/adfs/metadata`,
      },
      {
        target: 'an-idp',
        profile: profile('an-idp', { command: 'true' }, 'idp'),
        descriptorUrl: `${server.url}/adfs/metadata`,
      },
    ],
    join(work.dir, 'exchange'),
  );
  assert.deepEqual([...files.keys()], ['shib']);
  const aggregate = readFileSync(files.get('shib')!, 'utf8');
  assert.match(aggregate, /<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2\.0:metadata">/);
  assert.deepEqual(
    [...aggregate.matchAll(/entityID="([^"]+)"/g)].map((m) => m[1]),
    ['https://adfs.accord.test', 'https://entra.accord.test'],
  );

  const out = join(work.dir, 'handed');
  const command = `cp {aggregate_metadata_file} ${out}.xml && echo "$ACCORD_AGGREGATE_METADATA" > ${out}.env`;
  await exchangeMetadata(
    profile('shib', { command }),
    { base_url: 'http://127.0.0.1:9', aggregate_metadata_file: files.get('shib')! },
    `${server.url}/adfs/metadata`,
  );
  assert.equal(readFileSync(`${out}.xml`, 'utf8'), aggregate);
  assert.equal(readFileSync(`${out}.env`, 'utf8').trim(), files.get('shib'));
});

test('an IdP metadata URL that fails names the profile', async () => {
  const sp = profile('shib', { command: 'true' });
  await assert.rejects(
    writeAggregates(
      [{ target: 'shib', profile: sp, descriptorUrl: `${server.url}/nowhere` }],
      join(work.dir, 'x'),
    ),
    /\/profiles\/shib\.yaml: the IdP metadata .*\/nowhere answered 404/,
  );
});
