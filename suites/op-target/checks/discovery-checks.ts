import { importJWK, type JWK } from 'jose';
import type { Judged } from './id-token-checks.ts';

const REQUIRED = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'response_types_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
] as const;

const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'end_session_endpoint',
  'registration_endpoint',
] as const;

/** OP-DISCOVERY-01: every REQUIRED member of Discovery 3, of its type, and code among the response types. */
export function requiredMembers(doc: Record<string, unknown>): Judged {
  const missing = REQUIRED.filter((m) => doc[m] === undefined || doc[m] === null || doc[m] === '');
  if (missing.length) return { ok: false, detail: `missing ${missing.join(', ')}` };
  const arrays = [
    'response_types_supported',
    'subject_types_supported',
    'id_token_signing_alg_values_supported',
  ];
  const notArrays = arrays.filter((m) => !Array.isArray(doc[m]));
  if (notArrays.length) return { ok: false, detail: `${notArrays.join(', ')} not JSON arrays` };
  if (!(doc.response_types_supported as unknown[]).includes('code'))
    return {
      ok: false,
      detail: `response_types_supported ${JSON.stringify(doc.response_types_supported)} lacks code`,
    };
  return {
    ok: true,
    detail: `all ${REQUIRED.length} required members present; response types ${JSON.stringify(doc.response_types_supported)}`,
  };
}

/** OP-DISCOVERY-ISSUER: Discovery 4.3, the issuer is exactly the URL the document was fetched from less the well-known path. */
export function issuerMatches(doc: Record<string, unknown>, expectedIssuer: string): Judged {
  return doc.issuer === expectedIssuer
    ? { ok: true, detail: `issuer ${JSON.stringify(doc.issuer)}` }
    : {
        ok: false,
        detail: `issuer ${JSON.stringify(doc.issuer)}, fetched from the issuer ${JSON.stringify(expectedIssuer)}`,
      };
}

/** OP-DISCOVERY-ENDPOINTS: every endpoint named is an absolute URL of the issuer's scheme, without fragment. */
export function endpointsConsistent(doc: Record<string, unknown>, issuer: string): Judged {
  const scheme = new URL(issuer).protocol;
  const problems: string[] = [];
  const named: string[] = [];
  for (const m of ENDPOINTS) {
    const v = doc[m];
    if (v === undefined) continue;
    named.push(m);
    if (typeof v !== 'string') {
      problems.push(`${m} is ${JSON.stringify(v)}, not a string`);
      continue;
    }
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      problems.push(`${m} ${JSON.stringify(v)} is not an absolute URL`);
      continue;
    }
    if (u.protocol !== scheme) problems.push(`${m} ${v} is ${u.protocol}, the issuer ${scheme}`);
    if (u.hash) problems.push(`${m} ${v} has a fragment`);
  }
  return problems.length
    ? { ok: false, detail: problems.join('; ') }
    : { ok: true, detail: `${named.join(', ')}: absolute ${scheme} URLs` };
}

const USE_FOR_KTY: Record<string, RegExp> = {
  RSA: /^(RS|PS)\d+$|^RSA/,
  EC: /^ES\d+K?$|^ECDH/,
  OKP: /^(EdDSA|Ed25519|Ed448|ECDH)/,
  oct: /^(HS\d+|A\d+)/,
};

/** A JWS algorithm (RFC 7518 3.1); every other JWA a key carries is for encryption (4.1). */
const SIGNING_ALG = /^(RS|PS|ES|HS)\d+K?$|^EdDSA$|^Ed(25519|448)$/;

/**
 * OP-JWKS-KEYS: the JWKS parses, each key has a kid, use sig|enc when present, an alg its kty can
 * do when present, and a use and an alg that agree: a signing algorithm on a key for encryption, or
 * the reverse, leaves an RP choosing keys by use (RFC 7517 4.2) with the wrong one.
 */
export async function jwksKeys(jwks: unknown): Promise<Judged> {
  const keys = (jwks as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return { ok: false, detail: 'the JWKS has no keys array' };
  const problems: string[] = [];
  for (const [i, k] of (keys as JWK[]).entries()) {
    const name = `key ${i}${k.kid ? ` (${k.kid})` : ''}`;
    if (typeof k.kid !== 'string' || k.kid === '') problems.push(`${name} has no kid`);
    if (k.use !== undefined && k.use !== 'sig' && k.use !== 'enc')
      problems.push(`${name} use ${JSON.stringify(k.use)}`);
    if (k.alg !== undefined && !USE_FOR_KTY[String(k.kty)]?.test(k.alg))
      problems.push(`${name} alg ${k.alg} is not one a ${k.kty} key does`);
    if (k.alg !== undefined && (k.use === 'sig' || k.use === 'enc')) {
      const signs = SIGNING_ALG.test(k.alg);
      if (k.use === 'sig' && !signs)
        problems.push(`${name} has use sig but alg ${k.alg}, an encryption algorithm`);
      if (k.use === 'enc' && signs)
        problems.push(`${name} has use enc but alg ${k.alg}, a signing algorithm`);
    }
    try {
      if (k.kty !== 'oct')
        await importJWK(k, k.alg ?? (k.kty === 'RSA' ? 'RS256' : k.kty === 'EC' ? 'ES256' : 'EdDSA'));
    } catch (e) {
      problems.push(`${name} does not parse: ${(e as Error).message}`);
    }
  }
  return problems.length
    ? { ok: false, detail: problems.join('; ') }
    : { ok: true, detail: `${keys.length} keys, each with a kid, and a use and an alg that agree` };
}
