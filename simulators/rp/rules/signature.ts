import { createPublicKey } from 'node:crypto';
import { compactVerify, EmbeddedJWK, errors } from 'jose';
import type { ReceivedJwt, TokenExpectations } from './jwt.ts';
import { accept, type Check, type Rule } from './rule.ts';

/** The only algorithm the client registered (id_token_signed_response_alg). */
export const REGISTERED_ALG = 'RS256';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Why jose refused, in terms of the OP's keys. */
function verifyFailure(e: unknown, t: ReceivedJwt): string {
  const kid = t.header.kid === undefined ? 'no kid' : `kid ${JSON.stringify(t.header.kid)}`;
  if (e instanceof errors.JWKSNoMatchingKey)
    return `no key of the OP's JWKS matches ${kid}, even after fetching the JWKS again`;
  if (e instanceof errors.JWKSMultipleMatchingKeys)
    return `the token names ${kid} and several keys of the OP's JWKS match it`;
  if (e instanceof errors.JWSSignatureVerificationFailed)
    return `the ${t.header.alg} signature does not verify with the OP's key (${kid})`;
  return `the signature could not be verified: ${(e as Error).message}`;
}

async function verified(t: ReceivedJwt, key: Parameters<typeof compactVerify>[1], alg: string) {
  try {
    await compactVerify(t.raw, key, { algorithms: [alg] });
    return undefined;
  } catch (e) {
    return verifyFailure(e, t);
  }
}

/** RS256 only, by a key the OP publishes; an unknown kid makes the key set fetch the JWKS again. */
export const signedByOpKey: Check<ReceivedJwt, TokenExpectations> = (t, x) => {
  if (t.header.alg !== REGISTERED_ALG)
    return `alg is ${JSON.stringify(t.header.alg)}; the client registered ${REGISTERED_ALG}`;
  return verified(t, (h) => x.keys.resolve(h), REGISTERED_ALG);
};

/** Defect accept-alg-none: an unsigned token passes; anything else is verified as usual. */
const unsignedAccepted: Check<ReceivedJwt, TokenExpectations> = (t, x) =>
  t.header.alg === 'none' ? undefined : signedByOpKey(t, x);

/** Defect accept-hs256: HS256 verified with the client secret, as a client would for HMAC-registered clients. */
const clientSecretHmac: Check<ReceivedJwt, TokenExpectations> = (t, x) =>
  t.header.alg === 'HS256' ? verified(t, utf8(x.clientSecret), 'HS256') : signedByOpKey(t, x);

/** The PEM text of a published RSA key, with and without the final line break a PEM file ends with. */
function pemSpellings(jwk: object): string[] {
  const pem = createPublicKey({ key: jwk as never, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return [pem, pem.trimEnd()];
}

/**
 * Defect alg-confusion (CVE-2015-9235 class): HS256 verified with the OP's public key as the HMAC
 * secret, the way a library that takes "the key" without its type does.
 */
const publicKeyHmac: Check<ReceivedJwt, TokenExpectations> = async (t, x) => {
  if (t.header.alg !== 'HS256') return signedByOpKey(t, x);
  const rsa = (await x.keys.published()).filter((k) => k.kty === 'RSA');
  for (const pem of rsa.flatMap(pemSpellings))
    if ((await verified(t, utf8(pem), 'HS256')) === undefined) return;
  return `the HS256 MAC verifies with none of the ${rsa.length} published RSA keys as the secret`;
};

/** Defect trust-embedded-jwk (CVE-2018-0114 class): a jwk in the header is taken as the signing key. */
const embeddedKeyTrusted: Check<ReceivedJwt, TokenExpectations> = (t, x) =>
  t.header.jwk === undefined ? signedByOpKey(t, x) : verified(t, EmbeddedJWK, REGISTERED_ALG);

/**
 * OIDC Core 3.1.3.7 (6)-(8): the ID token is signed with the registered algorithm by a key of the
 * OP. openid-client checks only the alg in the code flow; the signature is verified here.
 */
export const SIGNATURE_RULE: Rule<ReceivedJwt, TokenExpectations> = {
  name: 'signature',
  check: signedByOpKey,
  weakenedBy: {
    'skip-signature': accept,
    'accept-alg-none': unsignedAccepted,
    'accept-hs256': clientSecretHmac,
    'alg-confusion': publicKeyHmac,
    'trust-embedded-jwk': embeddedKeyTrusted,
  },
  libraryEnforces: true,
};
