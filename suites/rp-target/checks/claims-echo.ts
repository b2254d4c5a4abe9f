import { isDeepStrictEqual } from 'node:util';

/** What an RP showed its application: the JSON of a profile's login.echo page, {sub, claims}. */
export interface EchoedClaims {
  sub?: string;
  claims: Record<string, unknown>;
}

/**
 * Claims that are about the token rather than the user (OIDC Core 2, 3.1.3.6, 5.6.2): the RP
 * validates them and need not hand them on, so their absence is no loss to the application.
 * `_claim_names`/`_claim_sources` point at claims held elsewhere (Entra ID's groups overage).
 */
const TOKEN_CLAIMS = new Set([
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'auth_time',
  'azp',
  'jti',
  'sid',
  'acr',
  'amr',
  '_claim_names',
  '_claim_sources',
]);

/** The echo JSON, or an error naming what is wrong with it. */
export function parseClaimsEcho(text: string, where: string): EchoedClaims {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: the echo is not JSON (${(e as Error).message})`);
  }
  const o = doc as { sub?: unknown; claims?: unknown };
  if (!o || typeof o !== 'object' || !o.claims || typeof o.claims !== 'object' || Array.isArray(o.claims)) {
    throw new Error(`${where}: the echo must be a JSON object with "claims": {name: value}`);
  }
  return {
    ...(typeof o.sub === 'string' ? { sub: o.sub } : {}),
    claims: o.claims as Record<string, unknown>,
  };
}

/**
 * The user claims the OP asserted in one flow: the ID token's, then userinfo's, which OIDC Core
 * 5.3.2 lets the client take over the ID token's; token claims left out.
 */
export function assertedClaims(
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged = { ...idToken, ...(userinfo ?? {}) };
  return Object.fromEntries(Object.entries(merged).filter(([k]) => !TOKEN_CLAIMS.has(k)));
}

/** Every asserted claim the application did not get with the same value; the sub is the ID token's. */
export function claimDifferences(
  asserted: Record<string, unknown>,
  idTokenSub: unknown,
  echo: EchoedClaims,
): string[] {
  const diffs: string[] = [];
  const sub = echo.sub ?? echo.claims.sub;
  if (sub !== idTokenSub)
    diffs.push(
      `sub: the ID token named ${JSON.stringify(idTokenSub)}, the application got ${JSON.stringify(sub)}`,
    );
  for (const [name, value] of Object.entries(asserted)) {
    if (name === 'sub') continue;
    if (!(name in echo.claims))
      diffs.push(`${name}: asserted ${JSON.stringify(value)}, missing in the application`);
    else if (!isDeepStrictEqual(echo.claims[name], value))
      diffs.push(
        `${name}: asserted ${JSON.stringify(value)}, the application got ${JSON.stringify(echo.claims[name])}`,
      );
  }
  return diffs;
}
