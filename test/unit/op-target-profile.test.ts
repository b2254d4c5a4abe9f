import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { opDescriptor } from '../../lib/protocol/oidc/op-target.ts';
import { declares, loadTargetProfile } from '../../lib/target/index.ts';

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
