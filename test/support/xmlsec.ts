import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface XmlsecOptions {
  /** Elements whose ID attribute a Reference may name, as `namespace-uri:LocalName`. */
  idElements: string[];
  /** Which ds:Signature to verify when the document has several. */
  nodeXpath?: string;
  /** Print the pre-digest references, so a test can see what the signature covered. */
  storeReferences?: boolean;
}

/**
 * xmlsec1, an implementation that is not ours, verifying a signature with `certPem` as the only
 * trusted key; `output` carries its stdout and stderr either way.
 */
export function xmlsecVerify(
  xml: string,
  certPem: string,
  opts: XmlsecOptions,
): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'accord-xmlsec-'));
  const doc = join(dir, 'doc.xml');
  const cert = join(dir, 'cert.pem');
  writeFileSync(doc, xml);
  writeFileSync(cert, certPem);
  const args = ['--verify'];
  if (opts.storeReferences) args.push('--store-references');
  for (const el of opts.idElements) args.push('--id-attr:ID', el);
  args.push('--pubkey-cert-pem', cert);
  if (opts.nodeXpath) args.push('--node-xpath', opts.nodeXpath);
  args.push(doc);
  try {
    return { ok: true, output: execFileSync('xmlsec1', args, { stdio: 'pipe' }).toString() };
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
