import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writePackage } from '../package/write-package.ts';
import { keyName, packagePath } from '../run-flags.ts';

export { writePackage };

/** `accord package -o FILE`: the certification package of the last run (also `accord run --package FILE`). */
export async function packageCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string', default: 'reports/out' },
      output: { type: 'string', short: 'o' },
      'sign-key': { type: 'string' },
    },
  });
  if (!values.output)
    throw new Error('package: give -o FILE, the archive to write (e.g. -o accord-package.tar.gz)');
  const file = packagePath(values.output);
  const signKey = values['sign-key'] === undefined ? undefined : keyName('--sign-key', values['sign-key']);
  const written = await writePackage({ outDir: resolve(values.out), file, signKey });
  process.stdout.write(
    `package: ${written.file}\nverdict: ${written.manifest.verdict}\nsigned by ${written.signer}\n`,
  );
  return 0;
}
