import type { CryptoKey } from 'jose';
import {
  decodeJwt,
  decodeProtectedHeader,
  type JWK,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';

/** A JWT as received, decoded but not yet trusted: rules judge the raw token and what it claims. */
export interface ReceivedJwt {
  raw: string;
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
}

/** Decodes a compact JWT, or says why it is none; nothing is verified here. */
export function decodeReceivedJwt(raw: string): ReceivedJwt | { malformed: string } {
  try {
    return { raw, header: decodeProtectedHeader(raw), claims: decodeJwt(raw) };
  } catch (e) {
    return { malformed: (e as Error).message };
  }
}

/** The OP's published signing keys: a resolver by header (kid, alg), and the whole set. */
export interface OpKeys {
  resolve(header: ProtectedHeaderParameters): Promise<CryptoKey | Uint8Array>;
  published(): Promise<JWK[]>;
}

/** What an ID token or logout token is held to. Times are in seconds since the epoch. */
export interface TokenExpectations {
  issuer: string;
  clientId: string;
  clientSecret: string;
  now: number;
  skewSeconds: number;
  keys: OpKeys;
  /** The nonce the authentication request carried, if any. */
  nonce?: string;
}
