import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { deflateRawSync, deflateSync } from 'node:zlib';
import {
  decodeJwt,
  decodePost,
  decodeRedirect,
  decodeSaml,
  encodePost,
  encodeRedirect,
  formatJwt,
  TraceDecodeError,
} from '../../lib/trace/decode.ts';

const XML =
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a1" Version="2.0">' +
  '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sp.example/ünïcødé</saml:Issuer>' +
  '</samlp:AuthnRequest>';

function decodeError(fn: () => unknown): TraceDecodeError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TraceDecodeError, `expected TraceDecodeError, got ${err}`);
    return err;
  }
  assert.fail('expected a TraceDecodeError');
}

describe('HTTP-Redirect', () => {
  it('round-trips raw DEFLATE + base64', () => {
    assert.equal(decodeRedirect(encodeRedirect(XML)), XML);
  });

  it('accepts the value still URL-encoded', () => {
    assert.equal(decodeRedirect(encodeURIComponent(encodeRedirect(XML))), XML);
  });

  it("accepts '+' that form decoding turned into spaces", () => {
    let xml = XML;
    let encoded = encodeRedirect(xml);
    for (let i = 0; !encoded.includes('+') && i < 200; i++) {
      xml = `${XML}<!--${i}-->`;
      encoded = encodeRedirect(xml);
    }
    assert.ok(encoded.includes('+'));
    assert.equal(decodeRedirect(encoded.replace(/\+/g, ' ')), xml);
  });

  it('names bad base64', () => {
    const e = decodeError(() => decodeRedirect('PHNhbWw$$$', { label: 'SAMLRequest' }));
    assert.equal(e.code, 'BAD_BASE64');
    assert.match(e.message, /^SAMLRequest: bad base64: character U\+0024 at offset 7/);
  });

  it('names a truncated value as bad base64', () => {
    assert.equal(decodeError(() => decodeRedirect('QUJDR')).code, 'BAD_BASE64');
    assert.equal(decodeError(() => decodeRedirect('')).code, 'BAD_BASE64');
    assert.equal(decodeError(() => decodeRedirect('QQ=')).code, 'BAD_BASE64');
  });

  it('names bad deflate', () => {
    const e = decodeError(() =>
      decodeRedirect(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]).toString('base64')),
    );
    assert.equal(e.code, 'BAD_DEFLATE');
    assert.match(e.message, /^bad deflate: /);
  });

  it('says when the value is zlib-wrapped instead of raw DEFLATE', () => {
    const e = decodeError(() => decodeRedirect(deflateSync(Buffer.from(XML)).toString('base64')));
    assert.equal(e.code, 'BAD_DEFLATE');
    assert.match(e.message, /zlib-wrapped/);
  });

  it('stops a deflate bomb at the size limit, quickly', () => {
    const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024)).toString('base64');
    const started = performance.now();
    const e = decodeError(() => decodeRedirect(bomb));
    assert.equal(e.code, 'TOO_LARGE');
    assert.match(e.message, /too large: inflated message exceeds the 262144-byte limit/);
    assert.ok(performance.now() - started < 1000);
  });

  it('honours a custom limit', () => {
    assert.equal(decodeError(() => decodeRedirect(encodeRedirect(XML), { maxBytes: 32 })).code, 'TOO_LARGE');
  });

  it('names output that is not UTF-8', () => {
    const e = decodeError(() => decodeRedirect(deflateRawSync(Buffer.from([0xc3, 0x28])).toString('base64')));
    assert.equal(e.code, 'BAD_UTF8');
  });
});

describe('HTTP-POST', () => {
  it('round-trips base64', () => {
    assert.equal(decodePost(encodePost(XML)), XML);
    assert.equal(decodeSaml(encodePost(XML), 'HTTP-POST'), XML);
    assert.equal(decodeSaml(encodeRedirect(XML), 'HTTP-Redirect'), XML);
  });

  it('accepts MIME line wrapping', () => {
    const wrapped = encodePost(XML).replace(/(.{76})/g, '$1\r\n');
    assert.equal(decodePost(wrapped), XML);
  });

  it('names bad base64', () => {
    assert.equal(decodeError(() => decodePost('<samlp:Response/>')).code, 'BAD_BASE64');
  });

  it('refuses an oversized value before decoding it', () => {
    const big = randomBytes(300 * 1024).toString('base64');
    assert.equal(decodeError(() => decodePost(big)).code, 'TOO_LARGE');
  });
});

describe('JWT', () => {
  const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = `${b64url({ alg: 'RS256', kid: 'k1' })}.${b64url({ sub: 'alice', aud: 'client' })}.c2ln`;

  it('decodes header and payload without verifying', () => {
    const d = decodeJwt(token);
    assert.deepEqual(d.header, { alg: 'RS256', kid: 'k1' });
    assert.deepEqual(d.payload, { sub: 'alice', aud: 'client' });
    assert.equal(d.signature, 'c2ln');
    assert.match(formatJwt(d), /"sub": "alice"/);
  });

  it('names what is wrong', () => {
    assert.match(decodeError(() => decodeJwt('a.b')).message, /2 segments/);
    assert.match(decodeError(() => decodeJwt('a.b.c.d.e')).message, /JWE/);
    assert.match(
      decodeError(() => decodeJwt(`${b64url({ a: 1 })}.bm90IGpzb24.x`)).message,
      /payload is not JSON/,
    );
    assert.match(
      decodeError(() => decodeJwt(`${b64url([1])}.${b64url({})}.x`)).message,
      /header is not a JSON object/,
    );
    assert.match(decodeError(() => decodeJwt('a+b.c.d')).message, /header is not base64url/);
    assert.equal(decodeError(() => decodeJwt('a'.repeat(300_000))).code, 'TOO_LARGE');
  });
});
