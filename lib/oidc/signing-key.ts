import { createHash, createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { JWK } from 'jose';
import { certBase64, issueSelfSignedCertificate, type KeyAndCertificate } from '../pki/certificate.ts';

/** How an OP names its keys in the JWKS: the RFC 7638 thumbprint, or the certificate's x5t as Entra ID does. */
export type KidStyle = 'thumbprint' | 'x5t';

export interface JwkOptions {
  kid: KidStyle;
  /** Publish the certificate (x5c) and its SHA-1 thumbprint (x5t). */
  certificates: boolean;
}

/** One RS256 signing key of an OP, in every form its users need. */
export interface OpSigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, the text an algorithm-confusion attacker derives from the JWKS. */
  publicKeyPem: string;
  /** As published: kty, n, e, kid, use, alg, and x5t/x5c when certificates are published. */
  publicJwk: JWK;
  /** The private JWK with the same kid, use and alg, the form oidc-provider's `jwks` takes. */
  privateJwk: JWK;
}

/** RFC 7638 thumbprint of an RSA public key. */
export function rsaThumbprint(jwk: { e?: string; n?: string }): string {
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
}

/** A key and certificate from the keystore (or made for the moment) as an OP signing key. */
export function opSigningKey(pair: KeyAndCertificate, opts: JwkOptions): OpSigningKey {
  const privateKey = createPrivateKey(pair.keyPem);
  const publicKey = createPublicKey(privateKey);
  const { kty, n, e } = publicKey.export({ format: 'jwk' }) as JWK;
  const der = new X509Certificate(pair.certPem).raw;
  const x5t = createHash('sha1').update(der).digest('base64url');
  const kid = opts.kid === 'x5t' ? x5t : rsaThumbprint({ n, e });
  const published = { kid, use: 'sig', alg: 'RS256' };
  return {
    kid,
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicJwk: {
      kty,
      n,
      e,
      ...published,
      ...(opts.certificates ? { x5t, x5c: [certBase64(pair.certPem)] } : {}),
    },
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), ...published },
  };
}

/** A new key with a self-signed certificate, kept in memory only. */
export function freshOpSigningKey(
  cert: { commonName: string; organization?: string },
  opts: JwkOptions,
): OpSigningKey {
  return opSigningKey(issueSelfSignedCertificate(cert), opts);
}
