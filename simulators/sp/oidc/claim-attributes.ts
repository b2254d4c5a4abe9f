/** The claim that holds the user's email address when the IdP names no other (OIDC Core 5.1). */
export const DEFAULT_EMAIL_CLAIM = 'email';

/** Claims about the token, not the user (OIDC Core 2): no attribute of the user comes from them. */
const TOKEN_CLAIMS = new Set([
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'c_hash',
  'sid',
  'jti',
]);

function values(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() === '' ? [] : [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'object' ? [] : values(x)));
  return [];
}

/**
 * The OIDC IdP's claims (ID token, then userinfo over it: OIDC Core 5.3.2 makes userinfo the fuller
 * answer) as the identity service's attributes, each claim a multi-valued attribute of its name,
 * so that the SAML attribute mapping reads them. Objects (address, distributed claims) are left
 * out: no mapped attribute takes one. The email claim also fills the attribute users are found by
 * (Webex: uid) when the IdP sends none of that name.
 */
export function claimAttributes(
  claims: Record<string, unknown>,
  emailClaim: string,
  emailAttribute: string,
): Record<string, string[]> {
  const attrs: Record<string, string[]> = {};
  for (const [name, v] of Object.entries(claims)) {
    if (TOKEN_CLAIMS.has(name)) continue;
    const vs = values(v);
    if (vs.length > 0) attrs[name] = vs;
  }
  const email = attrs[emailClaim];
  if (email && !attrs[emailAttribute]) attrs[emailAttribute] = [email[0]];
  return attrs;
}
