/**
 * The exchange hook of the interop target profiles: makes a running peer trust the counterpart
 * Accord plays.
 *
 *   node --import tsx interop/trust.ts <SAML peer> <peer base URL> <metadata file>
 *   node --import tsx interop/trust.ts <OIDC peer> <peer base URL> <discovery URL> <client id> <client secret>
 *
 * (Accord runs it with {base_url} and {metadata_file}, or {discovery_url} {client_id}
 * {client_secret}, filled; when those arguments are absent, ACCORD_PEER_METADATA, or
 * ACCORD_OP_DISCOVERY_URL, ACCORD_OP_CLIENT_ID and ACCORD_OP_CLIENT_SECRET, which it sets too.)
 */
import { readFileSync } from 'node:fs';
import { type PeerKind, peerKind } from './peers.ts';

const USAGE = {
  saml2: '<metadata file>',
  oidc: '<discovery URL> <client id> <client secret>',
} as const;

function trust(kind: PeerKind, baseUrl: string, rest: string[]): Promise<string> {
  const usage = `usage: node --import tsx interop/trust.ts ${kind.name} <peer base URL> ${USAGE[kind.protocol]}`;
  if (kind.protocol === 'saml2') {
    const [file = process.env.ACCORD_PEER_METADATA] = rest;
    if (!file) throw new Error(usage);
    return kind.trust(baseUrl, readFileSync(file, 'utf8'));
  }
  const env = process.env;
  const [
    discoveryUrl = env.ACCORD_OP_DISCOVERY_URL,
    clientId = env.ACCORD_OP_CLIENT_ID,
    clientSecret = env.ACCORD_OP_CLIENT_SECRET,
  ] = rest;
  if (!discoveryUrl || !clientId || !clientSecret) throw new Error(usage);
  return kind.trust(baseUrl, { discoveryUrl, clientId, clientSecret });
}

async function main(argv: string[]): Promise<void> {
  const [name, baseUrl, ...rest] = argv;
  if (!name || !baseUrl) {
    throw new Error(
      `usage: node --import tsx interop/trust.ts <peer> <peer base URL> ${USAGE.saml2} | ${USAGE.oidc}`,
    );
  }
  process.stdout.write(`${await trust(peerKind(name), baseUrl, rest)}\n`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`interop/trust: ${e.message}\n`);
  process.exit(1);
});
