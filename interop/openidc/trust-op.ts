import { existsSync, readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { gracefulRestart } from '../shared/apache.ts';
import { findPeer } from '../shared/registry.ts';
import { type OpenidcProvider, validateProvider, writeProviderConf } from './provider-conf.ts';
import { OPENIDC_PATHS, OPENIDC_PEER } from './start-openidc.ts';

/**
 * The first answer of the protected page to a browser-like request: mod_auth_openidc answers 401
 * to requests that cannot finish a login round trip (a fetch() sends Sec-Fetch-Mode: cors), so
 * this asks as a top-level navigation would, with Accept: text/html and nothing else.
 */
function loginProbe(url: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: { accept: 'text/html', connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        if (body.length < 4000) body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
  });
}

async function authorizationEndpoint(discoveryUrl: string): Promise<string> {
  const res = await fetch(discoveryUrl);
  const text = await res.text();
  if (!res.ok)
    throw new Error(`the discovery document ${discoveryUrl} answered ${res.status}: ${text.slice(0, 300)}`);
  let doc: { authorization_endpoint?: unknown };
  try {
    doc = JSON.parse(text) as { authorization_endpoint?: unknown };
  } catch {
    throw new Error(`the discovery document ${discoveryUrl} is not JSON: ${text.slice(0, 300)}`);
  }
  if (typeof doc.authorization_endpoint !== 'string')
    throw new Error(`the discovery document ${discoveryUrl} has no authorization_endpoint`);
  return doc.authorization_endpoint;
}

/**
 * Makes the mod_auth_openidc peer at `baseUrl` sign in with the OP whose discovery document is at
 * `op.discoveryUrl`, as the client `op.clientId`: the provider settings are rewritten and Apache
 * restarts gracefully (signed-in browsers stay signed in: sessions are in the file cache). Then the
 * protected page must send a browser to that OP's authorization endpoint as this client:
 * mod_auth_openidc reads the discovery document at that first login, and says in its error log when
 * it cannot use it.
 */
export async function trustOpInOpenidc(baseUrl: string, op: OpenidcProvider): Promise<string> {
  validateProvider(op);
  const peer = findPeer(baseUrl, OPENIDC_PEER);
  const expected = await authorizationEndpoint(op.discoveryUrl);
  writeProviderConf(peer.dir, op);

  const errorLog = join(peer.dir, 'logs', 'error.log');
  const logSize = existsSync(errorLog) ? statSync(errorLog).size : 0;
  await gracefulRestart({ dir: peer.dir, pid: peer.pid, baseUrl: peer.baseUrl, name: 'mod_auth_openidc' });

  const probe = await loginProbe(`${peer.baseUrl}${OPENIDC_PATHS.protected}`);
  const location = probe.location ? new URL(probe.location, peer.baseUrl) : undefined;
  const redirected =
    probe.status === 302 &&
    location !== undefined &&
    `${location.origin}${location.pathname}` === expected &&
    location.searchParams.get('client_id') === op.clientId;
  if (!redirected) {
    const newLog = existsSync(errorLog) ? readFileSync(errorLog).subarray(logSize).toString('utf8') : '';
    const said = newLog
      .split('\n')
      .filter((l) => /auth_openidc:(error|warn)/.test(l) && !/SHOULD be "https"/.test(l));
    throw new Error(
      `mod_auth_openidc at ${peer.baseUrl} does not send a login to ${expected} as client ${op.clientId}: ` +
        `${OPENIDC_PATHS.protected} answered ${probe.status}${probe.location ? ` to ${probe.location}` : ''}\n${said.join('\n')}`,
    );
  }
  return `mod_auth_openidc at ${peer.baseUrl} signs in with ${op.discoveryUrl} as client ${op.clientId}`;
}
