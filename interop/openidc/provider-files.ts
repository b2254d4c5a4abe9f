import { chownSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuerOf } from '../../lib/protocol/oidc/discovery-url.ts';
import type { WorkerAccount } from '../shared/run-dir.ts';

/** The OP a mod_auth_openidc peer signs in with, and the client it is registered as there. */
export interface OpenidcProvider {
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Folders of the run folder: the module's OIDCMetadataDir, and which issuer each OP is configured as. */
export const METADATA_DIR = 'metadata';
export const CHOICE_DIR = 'op-choice';

/** How the peer authenticates at the token endpoint (the profile registers the same). */
export const OPENIDC_TOKEN_AUTH = 'client_secret_basic';

const SUFFIXES = ['provider', 'client', 'conf'] as const;

export function validateProvider(p: OpenidcProvider): void {
  let url: URL;
  try {
    url = new URL(p.discoveryUrl);
  } catch {
    throw new Error(`discovery URL: not a URL: ${JSON.stringify(p.discoveryUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`discovery URL: must be http or https, got ${url.protocol}`);
  for (const [name, value] of [
    ['client id', p.clientId],
    ['client secret', p.clientSecret],
  ] as const) {
    // Both land in a JSON file, so any text would do; a control character is a caller's mistake.
    const control = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
    if (value.length === 0 || control)
      throw new Error(`${name}: must be non-empty text without control characters`);
  }
}

/**
 * The file name mod_auth_openidc gives an issuer's metadata in OIDCMetadataDir (metadata.c,
 * oidc_metadata_issuer_to_filename): the scheme and a trailing "/" dropped, then escaped as
 * curl_easy_escape does (every byte but A-Z a-z 0-9 - . _ ~ as %XX).
 */
export function metadataFileName(issuer: string): string {
  const bare = issuer.replace(/^https?:\/\//, '').replace(/\/$/, '');
  let out = '';
  for (const byte of Buffer.from(bare, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Where the issuer now configured for the OP at `origin` is kept; the login CGI reads the same name. */
export function choiceFile(dir: string, origin: string): string {
  return join(dir, CHOICE_DIR, Buffer.from(origin, 'utf8').toString('hex'));
}

function writeOwned(file: string, text: string, mode: number, account: WorkerAccount): void {
  // Written aside and renamed: a request meanwhile reads the old file or the new one, never half.
  const part = `${file}.part`;
  writeFileSync(part, text, { mode });
  if (process.getuid?.() === 0) chownSync(part, account.uid, account.gid);
  renameSync(part, file);
}

/**
 * Configures the peer for the OP at `op.discoveryUrl`, as an administrator of a multi-provider
 * mod_auth_openidc does: the discovery document as it was served, verbatim, filed under the issuer
 * its URL names (Discovery 4.3: the URL less its well-known path), with the client's settings
 * beside it. The module itself then holds the document's `issuer` to that name when a login asks
 * for it. The OP's previous configuration, if it was filed under another issuer, is removed: one
 * OP (one origin) has one configuration at a time, as with a single static provider.
 */
export function writeProviderFiles(
  dir: string,
  account: WorkerAccount,
  op: OpenidcProvider,
  document: string,
): string {
  validateProvider(op);
  const issuer = issuerOf(op.discoveryUrl);
  const base = join(dir, METADATA_DIR, metadataFileName(issuer));
  const client = {
    client_id: op.clientId,
    client_secret: op.clientSecret,
    token_endpoint_auth_method: OPENIDC_TOKEN_AUTH,
  };
  writeOwned(`${base}.provider`, document, 0o644, account);
  writeOwned(`${base}.client`, `${JSON.stringify(client, null, 2)}\n`, 0o600, account);
  writeOwned(
    `${base}.conf`,
    `${JSON.stringify({ token_endpoint_auth: OPENIDC_TOKEN_AUTH }, null, 2)}\n`,
    0o644,
    account,
  );

  const choice = choiceFile(dir, new URL(op.discoveryUrl).origin);
  const previous = existsSync(choice) ? readFileSync(choice, 'utf8').trim() : undefined;
  writeOwned(choice, `${issuer}\n`, 0o644, account);
  if (previous !== undefined && previous !== issuer) {
    const old = join(dir, METADATA_DIR, metadataFileName(previous));
    for (const s of SUFFIXES) rmSync(`${old}.${s}`, { force: true });
  }
  return issuer;
}
