import { randomBytes } from 'node:crypto';

const ID_BYTES = 20;
let pool = Buffer.alloc(0);
let poolAt = 0;

/** SAML IDs must be xs:ID (NCName): start with a letter or underscore, 160 bits of randomness (SAML core 1.3.4). */
export function newSamlId(prefix = '_'): string {
  if (poolAt + ID_BYTES > pool.length) {
    // One CSPRNG call per 200 IDs: a call per ID cost more than the bytes.
    pool = randomBytes(ID_BYTES * 200);
    poolAt = 0;
  }
  const id = pool.toString('hex', poolAt, poolAt + ID_BYTES);
  poolAt += ID_BYTES;
  return `${prefix}${id}`;
}

/** xs:dateTime in UTC without fractional seconds, the form most IdPs send. */
export function samlInstant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
