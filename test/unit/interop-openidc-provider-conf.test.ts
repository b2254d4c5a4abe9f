import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeholderProvider, providerConf } from '../../interop/openidc/provider-conf.ts';

const op = {
  discoveryUrl: 'http://127.0.0.1:9400/.well-known/openid-configuration',
  clientId: 'accord-mod-auth-openidc',
  clientSecret: 'c2VjcmV0-~!',
};

test('the provider settings of mod_auth_openidc name the discovery URL and the client, one quoted argument each', () => {
  const lines = providerConf(op)
    .split('\n')
    .filter((l) => l.startsWith('OIDC'));
  assert.deepEqual(lines, [
    `OIDCProviderMetadataURL "${op.discoveryUrl}"`,
    `OIDCClientID "${op.clientId}"`,
    `OIDCClientSecret "${op.clientSecret}"`,
  ]);
});

test('a value that could end its argument or start another directive is refused, naming the setting', () => {
  const cases: Array<[Partial<typeof op>, RegExp]> = [
    [{ clientSecret: 's\nOIDCSSLValidateServer Off' }, /^client secret: must be printable ASCII/],
    [{ clientId: 'a" "b' }, /^client id: /],
    [{ clientSecret: 'ends-with\\' }, /^client secret: /],
    [{ clientSecret: '$' + '{HOME}' }, /^client secret: /],
    [{ clientId: '' }, /^client id: /],
    [{ discoveryUrl: 'not a url' }, /^discovery URL: not a URL/],
    [{ discoveryUrl: 'file:///etc/passwd' }, /^discovery URL: must be http or https/],
  ];
  for (const [change, message] of cases) {
    assert.throws(
      () => providerConf({ ...op, ...change }),
      (e: Error) => message.test(e.message),
      JSON.stringify(change),
    );
  }
});

test('the placeholder provider is valid and points at no server', () => {
  const p = placeholderProvider();
  assert.match(providerConf(p), /OIDCProviderMetadataURL "http:\/\/127\.0\.0\.1:9\//);
  assert.notEqual(placeholderProvider().clientSecret, p.clientSecret);
});
