import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { compactVerify, type JSONWebKeySet, type JWK } from 'jose';
import { type DecodedJwt, decodeJwt } from '../trace/decode.ts';

/**
 * How a JWS signature stands against the OP's published keys:
 * `valid` verifies with the published key it names; `invalid` names a published key and does not
 * verify with it; `unknown-key` names no published key; `unsigned` is alg "none"; `symmetric` is a
 * MAC (HS*), which no public key can check.
 */
export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key' | 'unsigned' | 'symmetric';

export interface SignatureVerdict {
  status: SignatureStatus;
  alg: string;
  kid?: string;
  detail: string;
}

export interface InspectedJwt extends DecodedJwt {
  signature: string;
  verdict: SignatureVerdict;
}

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;

/** Public keys parsed once per JWK: parsing costs more than verifying. */
const keyCache = new Map<string, KeyObject>();

function keyObject(jwk: JWK): KeyObject {
  const id = JSON.stringify([jwk.kty, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y]);
  let key = keyCache.get(id);
  if (!key) {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if (keyCache.size >= 256) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(id, key);
  }
  return key;
}

async function verdictFor(token: string, header: Record<string, unknown>, jwks: JSONWebKeySet) {
  const alg = typeof header.alg === 'string' ? header.alg : String(header.alg);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const named = kid ? ` (kid ${kid})` : '';
  if (alg === 'none') return { status: 'unsigned', alg, kid, detail: 'alg "none": no signature' } as const;
  if (/^HS\d+$/.test(alg)) {
    return {
      status: 'symmetric',
      alg,
      kid,
      detail: `${alg} is a MAC: no published key can check it`,
    } as const;
  }
  if (!ASYMMETRIC.test(alg))
    return { status: 'invalid', alg, kid, detail: `unsupported alg ${alg}` } as const;
  const candidates = jwks.keys.filter((k) => (kid ? k.kid === kid : true) && (!k.alg || k.alg === alg));
  if (candidates.length === 0) {
    return {
      status: 'unknown-key',
      alg,
      kid,
      detail: kid ? `kid ${kid} is not in the published JWKS` : 'no kid, and no published key for the alg',
    } as const;
  }
  for (const jwk of candidates) {
    try {
      await compactVerify(token, keyObject(jwk), { algorithms: [alg] });
      return {
        status: 'valid',
        alg,
        kid: jwk.kid,
        detail: `verifies with published key ${jwk.kid}`,
      } as const;
    } catch {}
  }
  return {
    status: 'invalid',
    alg,
    kid,
    detail: `signature does not verify with the published key${named}`,
  } as const;
}

/**
 * A compact JWS decoded for people (header, claims) and its signature judged against a JWKS.
 * Throws TraceDecodeError (code BAD_JWT, TOO_LARGE) when the token cannot be read at all.
 */
export async function inspectJwt(token: string, jwks: JSONWebKeySet, label = 'JWT'): Promise<InspectedJwt> {
  const decoded = decodeJwt(token, { label });
  return { ...decoded, verdict: await verdictFor(token.trim(), decoded.header, jwks) };
}
