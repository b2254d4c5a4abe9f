import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT_CODES } from '../../reports/conformance-model.ts';
import { UnreadablePackageError, verifyPackage } from '../package/verify-package.ts';

/** A package that does not verify: changed, unsigned or mis-signed, or a verdict its results do not give. */
export const EXIT_NOT_VERIFIED = 4;

/**
 * `accord verify PACKAGE [--cert FILE]`. Exit code: the verdict inside (0 passed, 1 failed, 3 could
 * not test) when the package verifies; 4 when it does not; 2 when it cannot be read at all.
 */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { cert: { type: 'string' } },
  });
  if (positionals.length !== 1)
    throw new Error('verify: name one package file (accord verify PACKAGE.tar.gz)');
  const [file] = positionals;
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`verify: ${file} is not a file`);
  let trusted: string | undefined;
  if (values.cert !== undefined) {
    if (!existsSync(values.cert)) throw new Error(`--cert ${values.cert}: no such file`);
    trusted = readFileSync(values.cert, 'utf8');
    if (!trusted.includes('-----BEGIN CERTIFICATE-----'))
      throw new Error(`--cert ${values.cert}: not a PEM certificate`);
  }
  let result: Awaited<ReturnType<typeof verifyPackage>>;
  try {
    result = await verifyPackage(readFileSync(file), trusted);
  } catch (e) {
    if (e instanceof UnreadablePackageError) throw new Error(`verify: ${file}: ${e.message}`);
    throw e;
  }
  const { problems, signer, manifest, outcome } = result;
  if (problems.length) {
    process.stderr.write(`${file}: NOT VERIFIED\n`);
    for (const p of problems) process.stderr.write(`  ${p}\n`);
    return EXIT_NOT_VERIFIED;
  }
  process.stdout.write(
    `${file}: verified, ${manifest?.files.length} files\n` +
      `signed by ${signer?.subject} (certificate SHA-256 ${signer?.fingerprint})\n` +
      `Accord ${manifest?.accordVersion}, made ${manifest?.createdAt}\n` +
      `verdict: ${manifest?.verdict}\n`,
  );
  if (!trusted)
    process.stdout.write(
      'compare the certificate fingerprint with the one the vendor published, or pass --cert FILE\n',
    );
  return outcome ? EXIT_CODES[outcome] : EXIT_NOT_VERIFIED;
}
