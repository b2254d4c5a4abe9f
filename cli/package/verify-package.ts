import type { ConformanceReport } from '../../reports/conformance-model.ts';
import { runOutcome, summarize, verdictsOf, verdictText } from '../../reports/conformance-model.ts';
import { PACKAGED } from './gather-files.ts';
import {
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  type PackageManifest,
  SIGNATURE_FILE,
  type Signer,
  sha256,
  verifyManifestSignature,
} from './manifest.ts';
import { readTarGz, type TarEntry } from './tar.ts';

export interface PackageVerification {
  /** What does not hold, each naming its file; empty when the package verifies. */
  problems: string[];
  signer?: Signer;
  manifest?: PackageManifest;
  /** The outcome its results give (recomputed), when they could be read. */
  outcome?: ReturnType<typeof runOutcome>;
}

/** A package that cannot be read at all: not a tar.gz, or no manifest. */
export class UnreadablePackageError extends Error {}

function parseJson<T>(entry: TarEntry | undefined, name: string): T {
  if (!entry) throw new UnreadablePackageError(`${name} is missing from the package`);
  try {
    return JSON.parse(entry.data.toString('utf8')) as T;
  } catch (e) {
    throw new UnreadablePackageError(`${name} is not JSON (${(e as Error).message})`);
  }
}

/**
 * Checks a certification package: the manifest's signature (by the certificate it carries, or
 * only by `trustedCertPem`), every file against its digest (naming each changed, missing or
 * unlisted file), and that the verdict it states is the one its results give.
 */
export async function verifyPackage(archive: Buffer, trustedCertPem?: string): Promise<PackageVerification> {
  let entries: TarEntry[];
  try {
    entries = readTarGz(archive);
  } catch (e) {
    throw new UnreadablePackageError((e as Error).message);
  }
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const problems: string[] = [];
  const manifestEntry = byPath.get(MANIFEST_FILE);
  const manifest = parseJson<PackageManifest>(manifestEntry, MANIFEST_FILE);
  if (manifest?.format !== PACKAGE_FORMAT || !Array.isArray(manifest.files))
    throw new UnreadablePackageError(`${MANIFEST_FILE} is not an ${PACKAGE_FORMAT} manifest`);

  let signer: Signer | undefined;
  const jws = byPath.get(SIGNATURE_FILE);
  if (!jws) problems.push(`${SIGNATURE_FILE} is missing: the manifest is not signed`);
  else {
    try {
      signer = await verifyManifestSignature(
        jws.data.toString('utf8'),
        manifestEntry?.data ?? Buffer.alloc(0),
        trustedCertPem,
      );
    } catch (e) {
      problems.push(`bad signature: ${(e as Error).message}`);
    }
  }

  const listed = new Set<string>([MANIFEST_FILE, SIGNATURE_FILE]);
  for (const f of manifest.files) {
    listed.add(f.path);
    const entry = byPath.get(f.path);
    if (!entry) problems.push(`missing: ${f.path}`);
    else if (sha256(entry.data) !== f.sha256 || entry.data.length !== f.bytes)
      problems.push(`changed: ${f.path}`);
  }
  for (const e of entries) if (!listed.has(e.path)) problems.push(`not in the manifest: ${e.path}`);

  let outcome: PackageVerification['outcome'];
  try {
    outcome = checkVerdict(
      parseJson<ConformanceReport>(byPath.get(PACKAGED.conformance), PACKAGED.conformance),
      manifest,
      byPath.get(PACKAGED.junit),
      problems,
    );
  } catch (e) {
    problems.push((e as Error).message);
  }
  return { problems, signer, manifest, outcome };
}

/**
 * The verdict is recomputed from conformance.json's results: its summary, its per-check verdicts,
 * its verdict line, the manifest's and junit.xml's must all say what the results say. A file can
 * be re-signed by whoever holds a key; results that contradict their verdict cannot hide.
 */
function checkVerdict(
  report: ConformanceReport,
  manifest: PackageManifest,
  junit: TarEntry | undefined,
  problems: string[],
): ReturnType<typeof runOutcome> {
  if (!Array.isArray(report?.targets) || !Array.isArray(report.errors) || !report.summary)
    throw new Error(`${PACKAGED.conformance} is not a conformance report`);
  const summary = summarize(report.targets, report.errors);
  const truth = { ...report, summary };
  const outcome = runOutcome(truth);
  const expected = verdictText(truth);
  for (const k of ['pass', 'fail', 'warn', 'skip', 'inconclusive', 'mustFailed'] as const) {
    if ((report.summary[k] ?? 0) !== summary[k])
      problems.push(
        `${PACKAGED.conformance}: summary.${k} is ${report.summary[k]}, its results give ${summary[k]}`,
      );
  }
  if (report.summary.outcome !== undefined && report.summary.outcome !== outcome)
    problems.push(
      `${PACKAGED.conformance}: summary.outcome is "${report.summary.outcome}", its results give "${outcome}"`,
    );
  for (const group of report.targets) {
    for (const v of verdictsOf(group)) {
      const stated = group.verdicts?.[v.id];
      if (stated !== undefined && stated !== v.status)
        problems.push(
          `${PACKAGED.conformance}: ${group.target}·${group.scenario} ${v.id} is stated "${stated}", its results give "${v.status}"`,
        );
    }
  }
  if (report.verdict !== undefined && report.verdict !== expected)
    problems.push(`${PACKAGED.conformance}: verdict "${report.verdict}", its results give "${expected}"`);
  if (manifest.verdict !== expected)
    problems.push(`${MANIFEST_FILE}: verdict "${manifest.verdict}", the results give "${expected}"`);
  if (manifest.outcome !== outcome)
    problems.push(`${MANIFEST_FILE}: outcome "${manifest.outcome}", the results give "${outcome}"`);
  const junitName = junit
    ? /<testsuites\b[^>]*\bname="([^"]*)"/.exec(junit.data.toString('utf8'))?.[1]
    : undefined;
  const unescapeAttr = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  // junit.xml's root is named after the verdict ("Accord conformance: PASSED").
  const junitVerdict = junitName === undefined ? undefined : unescapeAttr(junitName);
  if (junitVerdict !== undefined && junitVerdict !== expected && !junitVerdict.endsWith(`: ${expected}`))
    problems.push(`${PACKAGED.junit}: verdict "${junitVerdict}", the results give "${expected}"`);
  return outcome;
}
