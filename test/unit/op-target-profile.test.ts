import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type ClientRequest, registerDynamically } from '../../lib/protocol/oidc/dynamic-registration.ts';
import { opDescriptor } from '../../lib/protocol/oidc/op-target.ts';
import { declares, loadTargetProfile } from '../../lib/target/index.ts';
import { recordingServer } from '../support/recording-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-op-profile-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const BASE = `name: my-op
role: op
protocol: oidc
baseUrl: https://idp.example.test
op:
  issuer: "{base_url}/"
  redirectUri: https://rp.accord.invalid/callback
  clients:
    - { id: a, secret: s, tokenEndpointAuthMethod: client_secret_basic }
loginForm: { username: "#u", password: "#p", submit: "#s" }
users: [{ username: u, password: p, email: u@example.test }]
`;

test('an op profile loads; its issuer keeps a trailing slash and its discovery URL drops it (Discovery 4.1, 4.3)', async () => {
  const profile = loadTargetProfile(write('ok.yaml', BASE));
  const d = await opDescriptor(profile, { base_url: 'https://idp.example.test' });
  assert.equal(d.issuer, 'https://idp.example.test/');
  assert.equal(d.discoveryUrl, 'https://idp.example.test/.well-known/openid-configuration');
  assert.deepEqual(d.registrations[0]?.redirectUris, ['https://rp.accord.invalid/callback']);
  assert.equal(declares(profile, 'opClientSecretPost'), false);
  assert.equal(declares(profile, 'opRpLogout'), false);
});

test("an op profile names the buttons of an OP's own pages: logoutConfirm and reauthConfirm; an empty one is refused", () => {
  const pages = BASE.replace(
    '  clients:',
    '  logoutConfirm: "form.confirm button.positive"\n  reauthConfirm: "form#upgrd button"\n  clients:',
  );
  const op = loadTargetProfile(write('pages.yaml', pages)).op;
  assert.equal(op?.logoutConfirm, 'form.confirm button.positive');
  assert.equal(op?.reauthConfirm, 'form#upgrd button');
  assert.throws(
    () =>
      loadTargetProfile(write('empty.yaml', BASE.replace('  clients:', '  reauthConfirm: ""\n  clients:'))),
    /\/op\/reauthConfirm/,
  );
});

test('an op profile without a client_secret_basic client, or with both issuer and discoveryUrl, names the field', () => {
  const noBasic = BASE.replace('client_secret_basic', 'client_secret_post');
  assert.throws(
    () => loadTargetProfile(write('post.yaml', noBasic)),
    /\/op\/clients: list a client_secret_basic client/,
  );
  const both = BASE.replace(
    '  issuer: "{base_url}/"',
    '  issuer: "{base_url}/"\n  discoveryUrl: "{base_url}/d"',
  );
  assert.throws(
    () => loadTargetProfile(write('both.yaml', both)),
    /\/op: set issuer or discoveryUrl, not both/,
  );
  const logout = BASE.replace('  clients:', '  capabilities: { rpLogout: true }\n  clients:');
  assert.throws(
    () => loadTargetProfile(write('logout.yaml', logout)),
    /\/op\/postLogoutRedirectUri: required property is missing/,
  );
});

const DYNAMIC = BASE.replace(
  '  clients:\n    - { id: a, secret: s, tokenEndpointAuthMethod: client_secret_basic }',
  '  dynamicRegistration: { initialAccessToken: t0k }\n  capabilities: { refreshTokens: true }\n  clients:\n    - { tokenEndpointAuthMethod: client_secret_basic }\n    - { tokenEndpointAuthMethod: client_secret_post }',
);

test('op.dynamicRegistration: clients without id or secret; the descriptor carries what each asks the OP for', async () => {
  const profile = loadTargetProfile(write('dynamic.yaml', DYNAMIC));
  const d = await opDescriptor(profile, { base_url: 'https://idp.example.test' });
  assert.deepEqual(d.registrations, []);
  assert.equal(d.dynamic?.initialAccessToken, 't0k');
  assert.deepEqual(
    d.dynamic?.requests.map((r) => [r.tokenEndpointAuthMethod, r.grantTypes.join(' '), r.redirectUris[0]]),
    [
      ['client_secret_basic', 'authorization_code refresh_token', 'https://rp.accord.invalid/callback'],
      ['client_secret_post', 'authorization_code refresh_token', 'https://rp.accord.invalid/callback'],
    ],
  );
  assert.equal(declares(profile, 'opClientSecretPost'), true);
});

test('op.clients: id and secret given with dynamic registration, or missing without it, or an exchange as well, name the field', () => {
  assert.throws(
    () =>
      loadTargetProfile(
        write(
          'dyn-id.yaml',
          DYNAMIC.replace(
            '- { tokenEndpointAuthMethod: client_secret_post }',
            '- { id: x, tokenEndpointAuthMethod: client_secret_post }',
          ),
        ),
      ),
    /\/op\/clients\/1\/id: leave it out: op.dynamicRegistration has the OP issue it/,
  );
  assert.throws(
    () => loadTargetProfile(write('no-secret.yaml', BASE.replace('secret: s, ', ''))),
    /\/op\/clients\/0\/secret: required property is missing \(or set op.dynamicRegistration\)/,
  );
  assert.throws(
    () => loadTargetProfile(write('dyn-post.yaml', `${DYNAMIC}exchange: { post: "{base_url}/clients" }\n`)),
    /\/exchange: op.dynamicRegistration registers the clients: leave exchange out/,
  );
});

test('registration (RFC 7591 3): the initial access token goes as a bearer token; a refusal or an answer without a secret names the endpoint', async () => {
  const request: ClientRequest = {
    tokenEndpointAuthMethod: 'client_secret_basic',
    redirectUris: ['https://rp.accord.invalid/callback'],
    grantTypes: ['authorization_code'],
  };
  const answers = [
    { status: 401, contentType: 'application/json', body: '{"error":"invalid_token"}' },
    { status: 201, contentType: 'application/json', body: '{"client_id":"c1"}' },
  ];
  const server = await recordingServer(() => answers.shift() ?? { status: 500 });
  after(() => server.close());
  const at = `${server.url}/register`;
  await assert.rejects(
    registerDynamically(at, request, 'initial-token'),
    new RegExp(`registration_endpoint ${at} refused the registration with 401`),
  );
  assert.equal(server.requests[0]?.authorization, 'Bearer initial-token');
  const sent = JSON.parse(server.requests[0]?.body ?? '{}') as Record<string, unknown>;
  assert.deepEqual(sent.redirect_uris, request.redirectUris);
  assert.equal(sent.token_endpoint_auth_method, 'client_secret_basic');
  await assert.rejects(registerDynamically(at, request), /issued no client_secret/);
  assert.equal(server.requests[1]?.authorization, undefined);
});
