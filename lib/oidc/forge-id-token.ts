import { createHash, createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { CompactSign, type JWK } from 'jose';
import { newRsaKeyPem } from '../pki/rsa-key-pool.ts';
import { decodeJwt } from '../trace/decode.ts';
import { FORGED, type IdTokenForgery } from './forgery-stages.ts';

type Claims = Record<string, unknown>;
type Header = Record<string, unknown>;

/** What a forgery may need besides the genuine token. */
export interface ForgeryMaterial {
  /** The OP key that signed the genuine token: changed claims are signed again with it, so only they differ. */
  signingKey: KeyObject;
  /** The registered client secret (hs256-client-secret). */
  clientSecret?: string;
  /** The OP's public signing key as SPKI PEM, the text an attacker derives from the JWKS (hs256-public-key). */
  publicKeyPem?: string;
  /** A key the OP published just now, and its kid (rotated-key). */
  rotatedKey?: { key: KeyObject; kid: string };
  /** Seconds since the epoch; default now. */
  now?: number;
}

const enc = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function sign(header: Header, claims: Claims, key: KeyObject | Uint8Array): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

/** The same signature with bytes flipped at its start, middle and end: it can no longer verify. */
function flipSignature(token: string): string {
  const [h, p, s] = token.split('.');
  const sig = Buffer.from(s, 'base64url');
  for (const i of [0, sig.length >> 1, sig.length - 1]) sig[i] ^= 0xff;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

/** RS256 with a fresh key no JWKS holds, the key itself in a `jwk` header (CVE-2018-0114). */
async function signWithEmbeddedKey(header: Header, claims: Claims): Promise<string> {
  const privateKey = createPrivateKey(newRsaKeyPem());
  const publicKey = createPublicKey(privateKey);
  const kid = `accord-unknown-${randomBytes(6).toString('hex')}`;
  const { kty, n, e } = publicKey.export({ format: 'jwk' }) as JWK;
  return sign({ ...header, alg: 'RS256', kid, jwk: { kty, n, e, kid } }, claims, privateKey);
}

/** The left half of a SHA-256 hash of something that is not this flow's access token (OIDC Core 3.1.3.6). */
function unrelatedAtHash(): string {
  return createHash('sha256').update(randomBytes(32)).digest().subarray(0, 16).toString('base64url');
}

function otherValue(prefix: string, genuine: unknown): string {
  let v: string;
  do v = `${prefix}${randomBytes(12).toString('base64url')}`;
  while (v === genuine);
  return v;
}

/** The claims with exactly the change the forgery names. */
function changedClaims(forgery: IdTokenForgery, genuine: Claims, now: number): Claims | undefined {
  const c = { ...genuine };
  switch (forgery) {
    case 'wrong-iss':
      c.iss = FORGED.issuer;
      return c;
    case 'wrong-aud':
      c.aud = FORGED.audience;
      delete c.azp;
      return c;
    case 'extra-aud-no-azp':
      c.aud = [...[genuine.aud].flat(), FORGED.untrustedAudience];
      delete c.azp;
      return c;
    case 'missing-sub':
      delete c.sub;
      return c;
    case 'missing-iat':
      delete c.iat;
      return c;
    case 'expired':
    case 'iat-future': {
      // The token keeps its lifetime: an expired token was issued before it expired, and a
      // token from the future expires after it was issued; only "when" is wrong.
      const lifetime = Number(genuine.exp) - Number(genuine.iat);
      const exp = forgery === 'expired' ? now - FORGED.shiftSeconds : now + FORGED.shiftSeconds + lifetime;
      c.exp = exp;
      c.iat = exp - lifetime;
      return c;
    }
    case 'nonce-mismatch':
      c.nonce = otherValue('n-', genuine.nonce);
      return c;
    case 'nonce-missing':
      delete c.nonce;
      return c;
    case 'at-hash-wrong':
      c.at_hash = unrelatedAtHash();
      return c;
    default:
      return undefined;
  }
}

/**
 * The token with some claims replaced, signed again with the key and header that signed it: a
 * genuine token for other claims (a plan's JIT subject), not a forgery.
 */
export async function withClaims(
  token: string,
  claims: Record<string, unknown>,
  signingKey: KeyObject,
): Promise<string> {
  const { header, payload } = decodeJwt(token, { label: 'id_token' });
  return sign(header, { ...payload, ...claims }, signingKey);
}

/**
 * The genuine ID token with one forgery applied (lib/admin/oidc-protocol.ts OIDC_FORGERIES).
 * Changed claims are signed again with the OP's own key and header, so that the forgery is the
 * only difference a relying party can find.
 */
export async function forgeIdToken(
  genuine: string,
  forgery: IdTokenForgery,
  m: ForgeryMaterial,
): Promise<string> {
  const { header, payload } = decodeJwt(genuine, { label: 'id_token' });
  const now = m.now ?? Math.floor(Date.now() / 1000);
  switch (forgery) {
    case 'id-token-bad-signature':
      return flipSignature(genuine);
    case 'alg-none': {
      const { kid: _kid, ...rest } = header;
      return `${enc({ ...rest, alg: 'none' })}.${enc(payload)}.`;
    }
    case 'hs256-client-secret': {
      if (!m.clientSecret) throw new Error('hs256-client-secret needs the client secret');
      const { kid: _kid, ...rest } = header;
      return sign({ ...rest, alg: 'HS256' }, payload, Buffer.from(m.clientSecret, 'utf8'));
    }
    case 'hs256-public-key':
      // The kid stays: a library that picks the key by kid and the algorithm from the header
      // uses the RSA public key as an HMAC secret.
      if (!m.publicKeyPem) throw new Error('hs256-public-key needs the public key PEM');
      return sign({ ...header, alg: 'HS256' }, payload, Buffer.from(m.publicKeyPem, 'utf8'));
    case 'unknown-kid':
      return signWithEmbeddedKey(header, payload);
    case 'rotated-key':
      if (!m.rotatedKey) throw new Error('rotated-key needs the newly published key');
      return sign({ ...header, alg: 'RS256', kid: m.rotatedKey.kid }, payload, m.rotatedKey.key);
    default: {
      const claims = changedClaims(forgery, payload, now);
      if (!claims) throw new Error(`no ID token forgery named ${forgery}`);
      return sign(header, claims, m.signingKey);
    }
  }
}
