import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { OIDC_FORGERIES } from '../../lib/admin/oidc-protocol.ts';
import { forgeIdToken } from '../../lib/oidc/forge-id-token.ts';
import {
  FORGED,
  forgeryStage,
  type IdTokenForgery,
  isIdTokenForgery,
} from '../../lib/oidc/forgery-stages.ts';

const op = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyPem = op.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const CLIENT_SECRET = 'a client secret of some length, 32+ bytes';
const now = Math.floor(Date.now() / 1000);

const GENUINE_CLAIMS = {
  iss: 'http://127.0.0.1:4000',
  aud: 'rp-client',
  sub: 'user-1',
  iat: now,
  exp: now + 300,
  auth_time: now - 5,
  nonce: 'n-genuine',
  sid: 'sid-1',
  email: 'kim@example.com',
};
const genuine = await new SignJWT(GENUINE_CLAIMS)
  .setProtectedHeader({ alg: 'RS256', kid: 'op-key-1' })
  .sign(op.privateKey);

const material = {
  signingKey: op.privateKey,
  clientSecret: CLIENT_SECRET,
  publicKeyPem,
  rotatedKey: { key: rotated.privateKey, kid: 'rotated-kid' },
};

const forge = (f: IdTokenForgery) => forgeIdToken(genuine, f, material);

/** The claim names whose values differ between two claim sets. */
function changed(a: JWTPayload, b: JWTPayload): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => JSON.stringify(a[n]) !== JSON.stringify(b[n])).sort();
}

const verifyWithOpKey = (token: string) =>
  jwtVerify(token, op.publicKey, { algorithms: ['RS256'], currentDate: new Date(now * 1000) });

describe('ID token forgeries, as jose sees them', () => {
  it('the genuine token verifies with the OP key (the baseline every forgery departs from)', async () => {
    const { payload } = await verifyWithOpKey(genuine);
    assert.deepEqual(payload, GENUINE_CLAIMS);
  });

  it('every forgery of the contract has a stage, and the ID-token ones are all forged here', async () => {
    for (const f of OIDC_FORGERIES) {
      assert.ok(forgeryStage(f), f);
      if (isIdTokenForgery(f)) assert.notEqual(await forge(f), genuine, f);
    }
  });

  it('id-token-bad-signature: same header and claims, the signature no longer verifies', async () => {
    const token = await forge('id-token-bad-signature');
    assert.deepEqual(decodeProtectedHeader(token), decodeProtectedHeader(genuine));
    assert.deepEqual(decodeJwt(token), GENUINE_CLAIMS);
    await assert.rejects(verifyWithOpKey(token), errors.JWSSignatureVerificationFailed);
  });

  it('alg-none: unsigned, no kid, the same claims; jose refuses it', async () => {
    const token = await forge('alg-none');
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'none' });
    assert.ok(token.endsWith('.'));
    assert.deepEqual(decodeJwt(token), GENUINE_CLAIMS);
    await assert.rejects(verifyWithOpKey(token));
  });

  it('hs256-client-secret: a valid HS256 MAC with the client secret over the same claims', async () => {
    const token = await forge('hs256-client-secret');
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(CLIENT_SECRET), {
      currentDate: new Date(now * 1000),
    });
    assert.deepEqual(payload, GENUINE_CLAIMS);
    await assert.rejects(verifyWithOpKey(token));
  });

  it('hs256-public-key: a valid HS256 MAC keyed with the OP public key PEM, kid kept', async () => {
    const token = await forge('hs256-public-key');
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'HS256', kid: 'op-key-1' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(publicKeyPem), {
      currentDate: new Date(now * 1000),
    });
    assert.deepEqual(payload, GENUINE_CLAIMS);
  });

  it('unknown-kid: signed by the key in its own jwk header, a kid the OP never published', async () => {
    const token = await forge('unknown-kid');
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'RS256');
    assert.notEqual(header.kid, 'op-key-1');
    assert.equal(header.jwk?.kid, header.kid);
    const { payload } = await jwtVerify(token, EmbeddedJWK, { currentDate: new Date(now * 1000) });
    assert.deepEqual(payload, GENUINE_CLAIMS);
    await assert.rejects(verifyWithOpKey(token), errors.JWSSignatureVerificationFailed);
  });

  it('rotated-key: the same claims, signed by the newly published key under its kid', async () => {
    const token = await forge('rotated-key');
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: 'rotated-kid' });
    const { payload } = await jwtVerify(token, rotated.publicKey, { currentDate: new Date(now * 1000) });
    assert.deepEqual(payload, GENUINE_CLAIMS);
  });

  const claimForgeries: Array<[IdTokenForgery, string[], (c: JWTPayload) => void]> = [
    ['wrong-iss', ['iss'], (c) => assert.equal(c.iss, FORGED.issuer)],
    ['wrong-aud', ['aud'], (c) => assert.equal(c.aud, FORGED.audience)],
    [
      'extra-aud-no-azp',
      ['aud'],
      (c) => {
        assert.deepEqual(c.aud, ['rp-client', FORGED.untrustedAudience]);
        assert.equal(c.azp, undefined);
      },
    ],
    ['missing-sub', ['sub'], (c) => assert.equal('sub' in c, false)],
    ['missing-iat', ['iat'], (c) => assert.equal('iat' in c, false)],
    [
      'expired',
      ['exp', 'iat'],
      (c) => {
        assert.equal(c.exp, now - 3600);
        assert.equal(Number(c.exp) - Number(c.iat), 300);
      },
    ],
    [
      'iat-future',
      ['exp', 'iat'],
      (c) => {
        assert.equal(c.iat, now + 3600);
        assert.equal(Number(c.exp) - Number(c.iat), 300);
      },
    ],
    [
      'nonce-mismatch',
      ['nonce'],
      (c) => assert.ok(typeof c.nonce === 'string' && c.nonce !== GENUINE_CLAIMS.nonce),
    ],
    ['nonce-missing', ['nonce'], (c) => assert.equal('nonce' in c, false)],
    ['at-hash-wrong', ['at_hash'], (c) => assert.match(String(c.at_hash), /^[A-Za-z0-9_-]{22}$/)],
  ];

  for (const [forgery, names, check] of claimForgeries) {
    it(`${forgery}: signed by the OP key, only ${names.join(' and ')} changed`, async () => {
      const token = await forgeIdToken(genuine, forgery, { ...material, now });
      assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: 'op-key-1' });
      // The signature is genuine: checked at a moment inside the token's own lifetime, jose accepts it.
      const issued = (decodeJwt(token).iat as number | undefined) ?? now;
      const { payload } = await jwtVerify(token, op.publicKey, {
        algorithms: ['RS256'],
        currentDate: new Date((issued + 1) * 1000),
      });
      assert.deepEqual(changed(payload, GENUINE_CLAIMS), names);
      check(payload);
    });
  }

  it('jose itself refuses the expired and the future ones at the present time', async () => {
    await assert.rejects(
      verifyWithOpKey(await forgeIdToken(genuine, 'expired', { ...material, now })),
      errors.JWTExpired,
    );
    const future = await forgeIdToken(genuine, 'iat-future', { ...material, now });
    await assert.rejects(
      jwtVerify(future, op.publicKey, { currentDate: new Date(now * 1000), maxTokenAge: '10m' }),
    );
  });
});
