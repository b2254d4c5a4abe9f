import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Keystore } from '../../lib/pki/index.ts';
import type { RunPlan } from '../../lib/run/plan.ts';
import type { ConformanceReport } from '../../reports/conformance-model.ts';
import { runOutcome, verdictText } from '../../reports/conformance-model.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { gatherRunFiles, PACKAGED } from './gather-files.ts';
import {
  describeSigner,
  fileDigests,
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  type PackageManifest,
  SIGNATURE_FILE,
  type Signer,
  signManifest,
} from './manifest.ts';
import { writeTarGz } from './tar.ts';

/** The persistent key (`accord keys`) that signs packages unless `--sign-key` names another. */
export const DEFAULT_SIGNING_KEY = 'package-signing';

export function accordVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * Writes the certification package of the run in `outDir`: its files, a manifest of their SHA-256
 * digests with the verdict, and the manifest signed with a persistent key. Written beside and then
 * renamed, so an interrupted write never leaves a half archive under the final name.
 */
export async function writePackage(opts: {
  outDir: string;
  file: string;
  signKey?: string;
  plan?: RunPlan;
  keystore?: Keystore;
}): Promise<{ file: string; signer: string; manifest: PackageManifest }> {
  const files = gatherRunFiles(resolve(opts.outDir), opts.plan);
  const conformance = files.find((f) => f.path === PACKAGED.conformance);
  const report = JSON.parse(String(conformance?.data)) as ConformanceReport;
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    accordVersion: accordVersion(),
    createdAt: new Date().toISOString(),
    verdict: report.verdict ?? verdictText(report),
    outcome: runOutcome(report),
    files: fileDigests(files),
  };
  const name = opts.signKey ?? DEFAULT_SIGNING_KEY;
  const key = (opts.keystore ?? new Keystore()).get(name, { commonName: `Accord package signing (${name})` });
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const jws = await signManifest(manifestBytes, key.keyPem, key.certPem);
  const archive = writeTarGz([
    { path: MANIFEST_FILE, data: manifestBytes },
    { path: SIGNATURE_FILE, data: Buffer.from(`${jws}\n`) },
    ...files,
  ]);
  const file = resolve(opts.file);
  const partial = `${file}.partial`;
  writeFileSync(partial, archive);
  renameSync(partial, file);
  const signer: Signer = describeSigner(key.certPem);
  return { file, signer: `${name}: ${signer.subject}, SHA-256 ${signer.fingerprint}`, manifest };
}
