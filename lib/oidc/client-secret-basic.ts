/**
 * client_secret_basic (RFC 6749 2.3.1): client id and secret are form-encoded (application/
 * x-www-form-urlencoded, a space as +) before they are joined and base64-encoded.
 */
const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));

/**
 * The same encoding with every character but letters and digits percent-encoded, as openid-client 6
 * writes client_secret_basic credentials: a form decoder reads it as it reads the shorter one, which
 * leaves *-._ as they are (RFC 6749 2.3.1, Appendix B).
 */
export const strictFormEncode = (s: string) =>
  enc(s).replace(/[^A-Za-z0-9%+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export function basicAuthorization(id: string, secret: string, encode = enc): string {
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

/** The client id and secret of a Basic authorization header, or undefined when it is not one. */
export function parseBasicAuthorization(
  header: string | undefined,
): { id: string; secret: string } | undefined {
  const m = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const pair = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: dec(pair.slice(0, colon)), secret: dec(pair.slice(colon + 1)) };
  } catch {
    return undefined; // malformed percent-encoding: not credentials
  }
}
