/** Where OIDC Discovery 1.0 section 4 puts an issuer's configuration, relative to the issuer. */
const WELL_KNOWN = '/.well-known/openid-configuration';

/** The discovery URL of an issuer: a terminating "/" of its path removed, then the well-known path appended (Discovery 4.1). */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}${WELL_KNOWN}`;
}

/**
 * The issuer a discovery URL belongs to: the prefix the well-known path was appended to, which the
 * document's `issuer` must equal (Discovery 4.3). A URL without that path is taken as the issuer.
 */
export function issuerOf(discoveryUrl: string): string {
  return discoveryUrl.endsWith(WELL_KNOWN) ? discoveryUrl.slice(0, -WELL_KNOWN.length) : discoveryUrl;
}
