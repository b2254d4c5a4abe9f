import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { exportJWK, SignJWT } from 'jose';
import { forgeIdToken } from '../../lib/oidc/forge-id-token.ts';
import { inspectJwt } from '../../lib/oidc/inspect-jwt.ts';
import { TraceDecodeError } from '../../lib/trace/decode.ts';

const op = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...(await exportJWK(op.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
const genuine = await new SignJWT({ sub: 'u', aud: 'c', iss: 'i' })
  .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
  .sign(op.privateKey);
const material = { signingKey: op.privateKey, clientSecret: 's'.repeat(32), publicKeyPem: 'pem' };

describe('inspectJwt: header, claims and the signature against the JWKS', () => {
  it('a token signed by a published key is valid, its claims decoded', async () => {
    const i = await inspectJwt(genuine, jwks);
    assert.deepEqual(i.verdict, {
      status: 'valid',
      alg: 'RS256',
      kid: 'k1',
      detail: 'verifies with published key k1',
    });
    assert.deepEqual(i.payload, { sub: 'u', aud: 'c', iss: 'i' });
    assert.equal(i.header.kid, 'k1');
  });

  it('tells each kind of bad signature apart', async () => {
    const status = async (f: Parameters<typeof forgeIdToken>[1]) =>
      (await inspectJwt(await forgeIdToken(genuine, f, material), jwks)).verdict.status;
    assert.equal(await status('id-token-bad-signature'), 'invalid');
    assert.equal(await status('alg-none'), 'unsigned');
    assert.equal(await status('hs256-client-secret'), 'symmetric');
    assert.equal(await status('unknown-kid'), 'unknown-key');
    assert.equal(await status('wrong-iss'), 'valid');
  });

  it('an unreadable token is a TraceDecodeError naming the label', async () => {
    await assert.rejects(inspectJwt('not-a-jwt', jwks, 'id_token'), (e: unknown) => {
      assert.ok(e instanceof TraceDecodeError);
      assert.match(e.message, /^id_token: bad JWT: 1 segments/);
      return true;
    });
  });
});
