import { accept, type Rule } from './rule.ts';

export const WELL_KNOWN = '/.well-known/openid-configuration';

/** The issuer a discovery URL stands for (OIDC Discovery 4): the URL without the well-known suffix. */
export function issuerOfDiscoveryUrl(discoveryUrl: string): string {
  return discoveryUrl.endsWith(WELL_KNOWN) ? discoveryUrl.slice(0, -WELL_KNOWN.length) : discoveryUrl;
}

const sameUrl = (a: string, b: string) => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
};

/** OIDC Discovery 4.3: the document's issuer is the URL it was fetched from, less the suffix. */
export const DISCOVERY_ISSUER_RULE: Rule<{ discoveryUrl: string; issuer: unknown }, unknown> = {
  name: 'discovery-issuer',
  check: ({ discoveryUrl, issuer }) =>
    typeof issuer === 'string' && sameUrl(issuer, issuerOfDiscoveryUrl(discoveryUrl))
      ? undefined
      : `the discovery document at ${discoveryUrl} names issuer ${JSON.stringify(issuer)}, not ${JSON.stringify(issuerOfDiscoveryUrl(discoveryUrl))}`,
  weakenedBy: { 'skip-discovery-issuer': accept },
  libraryEnforces: true,
};
