import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The OP a mod_auth_openidc peer signs in with, and the client it is registered as there. */
export interface OpenidcProvider {
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Stands in until the first OP is trusted: it points nowhere and no one holds its secret. */
export function placeholderProvider(): OpenidcProvider {
  return {
    discoveryUrl: 'http://127.0.0.1:9/no-op-trusted-yet/.well-known/openid-configuration',
    clientId: 'accord-no-op-trusted-yet',
    clientSecret: randomBytes(16).toString('hex'),
  };
}

/**
 * A value as one double-quoted Apache directive argument. A line break would start another
 * directive, Apache reads a backslash before a quote as an escape and fills ${NAME} from its
 * environment: only printable ASCII without spaces, quotes, backslashes and dollars is taken, rather
 * than escaped half-way.
 */
function quoted(name: string, value: string): string {
  if (!/^[!#%-[\]-~]+$/.test(value))
    throw new Error(
      `${name}: must be printable ASCII without spaces, quotes, backslashes or dollars, got ${JSON.stringify(value)}`,
    );
  return `"${value}"`;
}

export function validateProvider(p: OpenidcProvider): void {
  let url: URL;
  try {
    url = new URL(p.discoveryUrl);
  } catch {
    throw new Error(`discovery URL: not a URL: ${JSON.stringify(p.discoveryUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`discovery URL: must be http or https, got ${url.protocol}`);
  quoted('discovery URL', p.discoveryUrl);
  quoted('client id', p.clientId);
  quoted('client secret', p.clientSecret);
}

export function providerConf(p: OpenidcProvider): string {
  validateProvider(p);
  return `# Written by interop/openidc/trust-op.ts; read at each (graceful) restart.
OIDCProviderMetadataURL ${quoted('discovery URL', p.discoveryUrl)}
OIDCClientID ${quoted('client id', p.clientId)}
OIDCClientSecret ${quoted('client secret', p.clientSecret)}
`;
}

export function providerConfFile(dir: string): string {
  return join(dir, 'provider.conf');
}

export function writeProviderConf(dir: string, p: OpenidcProvider): void {
  // The client secret is in it: readable by the account that starts Apache (root reads it at start).
  writeFileSync(providerConfFile(dir), providerConf(p), { mode: 0o600 });
}

export function readProviderConf(dir: string): string {
  return readFileSync(providerConfFile(dir), 'utf8');
}
