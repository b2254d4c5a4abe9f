import { randomBytes } from 'node:crypto';

/** SAML IDs must be xs:ID (NCName): start with a letter or underscore, 160 bits of randomness (SAML core 1.3.4). */
export function newSamlId(prefix = '_'): string {
  return `${prefix}${randomBytes(20).toString('hex')}`;
}

/** xs:dateTime in UTC without fractional seconds, the form most IdPs send. */
export function samlInstant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
