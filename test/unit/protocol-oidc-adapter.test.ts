import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { RpOpSettings } from '../../lib/admin/oidc-protocol.ts';
import { adapterFor } from '../../lib/protocol/adapters.ts';
import { oidcAdapter } from '../../lib/protocol/oidc/adapter.ts';
import { discoveryUrlOf, issuerOf } from '../../lib/protocol/oidc/discovery-url.ts';
import type { TargetProfile } from '../../lib/target/index.ts';
import { type RecordingServer, recordingServer } from '../support/recording-server.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const ISSUER = 'http://127.0.0.1:7/tenant-a/v2.0';
const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;
const { dir } = tempWorkspace('oidc-adapter');

function rp(exchange: TargetProfile['exchange'], extra: Partial<TargetProfile['oidc']> = {}): TargetProfile {
  return {
    file: '/profiles/some-rp.yaml',
    name: 'some-rp',
    role: 'rp',
    protocol: 'oidc',
    baseUrl: 'http://127.0.0.1:9',
    exchange,
    capabilities: { spInitiated: false, idpInitiated: false, slo: false, bindings: [] },
    oidc: {
      client: {
        id: 'rp-1',
        secret: 'the-secret',
        tokenEndpointAuthMethod: 'client_secret_post',
        redirectUris: ['{base_url}/cb', 'https://rp.example/cb'],
        postLogoutRedirectUris: ['{base_url}/bye'],
        backchannelLogoutUri: '{base_url}/bcl',
      },
      ...extra,
    },
  };
}

/** Stands in for the OP's admin API and the RP's exchange endpoint. */
let server: RecordingServer;
let status = 204;
before(async () => {
  server = await recordingServer(() => ({ status, body: status === 204 ? '' : 'no such OP' }));
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  status = 204;
});

describe('oidc protocol adapter', () => {
  test('is the adapter of protocol oidc', () => {
    assert.equal(adapterFor('oidc'), oidcAdapter);
  });

  test('the descriptor is the client registration, URIs filled, the scope defaulted; the target goes by its client id', async () => {
    const reg = await oidcAdapter.readTargetDescriptor(rp({ manual: true }), { base_url: 'http://rp.test' });
    assert.deepEqual(reg, {
      clientId: 'rp-1',
      clientSecret: 'the-secret',
      tokenEndpointAuthMethod: 'client_secret_post',
      redirectUris: ['http://rp.test/cb', 'https://rp.example/cb'],
      postLogoutRedirectUris: ['http://rp.test/bye'],
      backchannelLogoutUri: 'http://rp.test/bcl',
      scope: 'openid profile email',
    });
    assert.equal(oidcAdapter.targetId(reg), 'rp-1');
    await assert.rejects(
      oidcAdapter.readTargetDescriptor({ ...rp({ manual: true }), role: 'sp' }, {}),
      /"sp" is not a role of oidc/,
    );
  });

  test('an RP names its OP by issuer and discovery URL; discovery sits under the issuer, less a final slash', () => {
    assert.deepEqual(oidcAdapter.counterpartVars('rp', ISSUER), { issuer: ISSUER, discovery_url: DISCOVERY });
    assert.equal(discoveryUrlOf(`${ISSUER}/`), DISCOVERY);
    assert.equal(issuerOf(DISCOVERY), ISSUER);
    assert.equal(issuerOf(`${ISSUER}/mismatch/.well-known/openid-configuration`), `${ISSUER}/mismatch`);
  });

  test('trusting the target registers its client at the OP', async () => {
    const reg = await oidcAdapter.readTargetDescriptor(rp({ manual: true }), { base_url: 'http://rp.test' });
    await oidcAdapter.trustTarget(server.url, reg, rp({ manual: true }));
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.url, r.contentType, JSON.parse(r.body)]),
      [['POST', '/__accord/clients', 'application/json', reg]],
    );
  });

  test('exchange.post hands the RP its OP settings as JSON: the discovery URL, which implies the issuer, and the client', async () => {
    const mismatched = `${ISSUER}/mismatch/.well-known/openid-configuration`;
    const log = await oidcAdapter.handToTarget(
      rp({ post: '{base_url}/__accord/op' }),
      { base_url: server.url },
      mismatched,
    );
    assert.match(log, /posted the OP settings .* to http:\/\/127\.0\.0\.1:\d+\/__accord\/op/);
    const [req] = server.requests;
    assert.equal(req.url, '/__accord/op');
    assert.equal(req.contentType, 'application/json');
    assert.deepEqual(JSON.parse(req.body) as RpOpSettings, {
      discoveryUrl: mismatched,
      clientId: 'rp-1',
      clientSecret: 'the-secret',
      tokenEndpointAuthMethod: 'client_secret_post',
      scope: 'openid profile email',
    });
  });

  test('a refused exchange.post is an error naming the profile and the answer', async () => {
    status = 400;
    await assert.rejects(
      oidcAdapter.handToTarget(rp({ post: '{base_url}/__accord/op' }), { base_url: server.url }, DISCOVERY),
      /\/profiles\/some-rp\.yaml: exchange\.post http:\/\/127\.0\.0\.1:\d+\/__accord\/op answered 400: no such OP/,
    );
  });

  test('exchange.command gets the OP and client as placeholders and ACCORD_OP_* variables; the log hides the secret', async () => {
    const out = join(dir, 'args.txt');
    const command = `printf '%s\\n' {issuer} {discovery_url} {client_id} {client_secret} "$ACCORD_OP_CLIENT_SECRET" > ${out}`;
    const log = await oidcAdapter.handToTarget(rp({ command }), { base_url: 'http://rp.test' }, DISCOVERY);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), [
      ISSUER,
      DISCOVERY,
      'rp-1',
      'the-secret',
      'the-secret',
    ]);
    assert.match(log, /^ran printf/);
    assert.doesNotMatch(log, /the-secret/);
    await assert.rejects(
      oidcAdapter.handToTarget(rp({ command: 'echo nope >&2; exit 3' }), {}, DISCOVERY),
      /some-rp\.yaml: exchange\.command failed: nope/,
    );
  });

  test('manual exchange says what to configure', async () => {
    const log = await oidcAdapter.handToTarget(rp({ manual: true }), {}, DISCOVERY);
    assert.equal(
      log,
      `manual: configure the target with the discovery URL ${DISCOVERY} (issuer ${ISSUER}) and client rp-1 with its secret from the profile`,
    );
  });
});
