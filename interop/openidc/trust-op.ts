import { existsSync, readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { findPeer } from '../shared/registry.ts';
import { workerAccount } from '../shared/run-dir.ts';
import { type OpenidcProvider, validateProvider, writeProviderFiles } from './provider-files.ts';
import { OPENIDC_PATHS, OPENIDC_PEER } from './start-openidc.ts';

interface Probe {
  status: number;
  location?: string;
}

/**
 * The status and Location of the peer's answer to a browser-like request, redirects not followed:
 * mod_auth_openidc answers 401 to requests that cannot finish a login round trip (a fetch() sends
 * Sec-Fetch-Mode: cors), so this asks as a top-level navigation would, with Accept: text/html and
 * nothing else. The body is not read: where mod_auth_openidc refuses an OP it writes its error page
 * and Apache appends its own after it, which Node's HTTP parser rejects as data after the response.
 */
function loginProbe(url: string): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: { accept: 'text/html', connection: 'close' } }, (res) => {
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      req.destroy();
    });
    // After the answer's head has been read, an error is the unread body's: the answer stands.
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
  });
}

/** The discovery document as served (it is filed verbatim) and the authorization endpoint it names. */
async function discoveryDocument(
  discoveryUrl: string,
): Promise<{ text: string; authorizationEndpoint: string }> {
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
  return { text, authorizationEndpoint: doc.authorization_endpoint };
}

/**
 * Makes the mod_auth_openidc peer at `baseUrl` sign in with the OP whose discovery document is at
 * `op.discoveryUrl`, as the client `op.clientId`, beside the OPs it already has: the document and
 * the client are filed in its metadata folder, which it reads at every login (no restart; signed-in
 * browsers stay signed in). Then a login through the peer's login page must send a browser to that
 * OP's authorization endpoint as this client; when it does not, the error says what
 * mod_auth_openidc logged (for instance that the document's issuer is not the one its URL names).
 */
export async function trustOpInOpenidc(baseUrl: string, op: OpenidcProvider): Promise<string> {
  validateProvider(op);
  const peer = findPeer(baseUrl, OPENIDC_PEER);
  const document = await discoveryDocument(op.discoveryUrl);

  const errorLog = join(peer.dir, 'logs', 'error.log');
  const logSize = existsSync(errorLog) ? statSync(errorLog).size : 0;
  const issuer = writeProviderFiles(peer.dir, workerAccount(), op, document.text);

  const login = `${peer.baseUrl}${OPENIDC_PATHS.login}?op=${encodeURIComponent(issuer)}`;
  const first = await loginProbe(login);
  const answers = [
    `${OPENIDC_PATHS.login} answered ${first.status}${first.location ? ` to ${first.location}` : ''}`,
  ];
  let second: Probe | undefined;
  if (first.status === 302 && first.location) {
    second = await loginProbe(new URL(first.location, peer.baseUrl).href);
    answers.push(`then ${second.status}${second.location ? ` to ${second.location}` : ''}`);
  }
  const location = second?.location ? new URL(second.location, peer.baseUrl) : undefined;
  const redirected =
    second?.status === 302 &&
    location !== undefined &&
    `${location.origin}${location.pathname}` === document.authorizationEndpoint &&
    location.searchParams.get('client_id') === op.clientId;
  if (!redirected) {
    const newLog = existsSync(errorLog) ? readFileSync(errorLog).subarray(logSize).toString('utf8') : '';
    const said = newLog
      .split('\n')
      .filter((l) => /auth_openidc:(error|warn)/.test(l) && !/SHOULD be "https"/.test(l));
    throw new Error(
      `mod_auth_openidc at ${peer.baseUrl} does not send a login to ${document.authorizationEndpoint} as client ${op.clientId}: ` +
        `${answers.join(', ')}\n${said.join('\n')}`,
    );
  }
  return `mod_auth_openidc at ${peer.baseUrl} signs in with ${issuer} (${op.discoveryUrl}) as client ${op.clientId}`;
}
