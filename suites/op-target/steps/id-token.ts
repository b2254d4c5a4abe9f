import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { endpoint, type OpDocument, type OpTarget } from './op-target.ts';

/** An ID token as received: its header and claims, decoded without trusting them, and its signature verdict. */
export interface ReceivedIdToken {
  raw: string;
  header: Record<string, unknown>;
  claims: JWTPayload & Record<string, unknown>;
  /** Undefined when the signature verified with a key of the JWKS and an advertised algorithm. */
  signatureProblem?: string;
}

export async function fetchJwks(op: OpDocument): Promise<JSONWebKeySet> {
  const url = endpoint(op, 'jwks_uri');
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`jwks_uri ${url} answered ${res.status}`);
  return (await res.json()) as JSONWebKeySet;
}

/**
 * Decodes an ID token and verifies its signature against the OP's JWKS, limited to the algorithms
 * the discovery document advertises (OIDC Core 3.1.3.7 (6, 7), Discovery 3). Claims are judged by
 * the checks, not here.
 */
export async function receiveIdToken(op: OpTarget, raw: string): Promise<ReceivedIdToken> {
  const header = decodeProtectedHeader(raw) as Record<string, unknown>;
  const claims = decodeJwt(raw) as JWTPayload & Record<string, unknown>;
  const advertised = op.discovery.id_token_signing_alg_values_supported;
  const algs = Array.isArray(advertised)
    ? advertised.filter((a): a is string => typeof a === 'string' && a !== 'none')
    : [];
  let signatureProblem: string | undefined;
  if (!algs.includes(String(header.alg)))
    signatureProblem = `alg ${JSON.stringify(header.alg)} is not among id_token_signing_alg_values_supported (${algs.join(', ')})`;
  else {
    try {
      const jwks = await fetchJwks(op);
      // Claims are the checks' business: only the signature is verified here.
      await jwtVerify(raw, createLocalJWKSet(jwks), { algorithms: algs, clockTolerance: '100y' });
    } catch (e) {
      signatureProblem = `the signature does not verify with the JWKS (kid ${JSON.stringify(header.kid)}): ${(e as Error).message}`;
    }
  }
  return { raw, header, claims, ...(signatureProblem ? { signatureProblem } : {}) };
}

/** OIDC Core 3.1.3.6: base64url of the left half of the hash the ID token's alg names. */
export function halfHash(alg: string, value: string): string | undefined {
  const bits = /^(?:RS|PS|ES|HS)(256|384|512)$/.exec(alg)?.[1] ?? (alg === 'EdDSA' ? '512' : undefined);
  if (!bits) return undefined;
  const digest = createHash(`sha${bits}`).update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
