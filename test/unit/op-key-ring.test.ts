import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { OpKeyRing } from '../../lib/oidc/key-ring.ts';
import { Keystore } from '../../lib/pki/keystore.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const ring = (dir: string, extra: Partial<ConstructorParameters<typeof OpKeyRing>[0]> = {}) =>
  new OpKeyRing({
    keystore: new Keystore(dir),
    name: 'op-test',
    commonName: 'Accord OP',
    kid: 'thumbprint',
    certificates: false,
    ...extra,
  });

describe('OP signing keys', () => {
  it('publish a current and a next key with kid, use and alg; the kid is the RFC 7638 thumbprint', async () => {
    const r = ring(tempWorkspace('ring').dir);
    const { keys } = r.jwks();
    assert.equal(keys.length, 2);
    for (const k of keys) {
      assert.equal(k.use, 'sig');
      assert.equal(k.alg, 'RS256');
      assert.equal(k.kid, await calculateJwkThumbprint({ kty: k.kty, n: k.n, e: k.e }));
      assert.equal(k.d, undefined, 'no private part is published');
      assert.equal(k.x5c, undefined);
    }
    assert.deepEqual(r.state(), { current: keys[0].kid, next: keys[1].kid, retired: [] });
  });

  it('persist: a second ring on the same keystore has the same keys', () => {
    const dir = tempWorkspace('ring').dir;
    const a = ring(dir);
    a.rotate();
    const b = ring(dir);
    assert.deepEqual(b.state(), a.state());
    assert.deepEqual(b.jwks(), a.jwks());
  });

  it('rotate: next becomes current, a new next, the old current retired until the rotation after', () => {
    const dir = tempWorkspace('ring').dir;
    const r = ring(dir);
    const first = r.state();
    const second = r.rotate();
    assert.equal(second.current, first.next);
    assert.deepEqual(second.retired, [first.current]);
    assert.ok(![first.current, first.next].includes(second.next));
    assert.deepEqual(
      r.jwks().keys.map((k) => k.kid),
      [second.current, second.next, first.current],
    );
    const third = r.rotate();
    assert.deepEqual(third.retired, [second.current]);
    assert.ok(!r.jwks().keys.some((k) => k.kid === first.current), 'retired twice: no longer published');
    assert.equal(existsSync(`${dir}/op-test-1.key.pem`), false, 'and its key file is gone');
  });

  it('a token the current key signs verifies against the published JWKS; an added key joins it', async () => {
    const r = ring(tempWorkspace('ring').dir);
    const sign = (key: typeof r.current) =>
      new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
    const before = createLocalJWKSet(r.jwks());
    await jwtVerify(await sign(r.current), before);
    const added = r.addKey();
    const token = await sign(added);
    await assert.rejects(jwtVerify(token, before));
    await jwtVerify(token, createLocalJWKSet(r.jwks()));
    assert.equal(r.jwks().keys.length, 3);
  });

  it('the Entra shape: kid is x5t, the SHA-1 thumbprint of the certificate in x5c', () => {
    const r = ring(tempWorkspace('ring').dir, { kid: 'x5t', certificates: true });
    for (const k of r.jwks().keys) {
      const der = Buffer.from(String(k.x5c?.[0]), 'base64');
      assert.equal(k.x5t, createHash('sha1').update(der).digest('base64url'));
      assert.equal(k.kid, k.x5t);
      const cert = new X509Certificate(der);
      assert.equal(cert.publicKey.export({ format: 'jwk' }).n, k.n);
    }
  });

  it('tells listeners when the published keys change', () => {
    const r = ring(tempWorkspace('ring').dir);
    let calls = 0;
    r.onChange(() => calls++);
    r.rotate();
    r.addKey();
    assert.equal(calls, 2);
  });
});
