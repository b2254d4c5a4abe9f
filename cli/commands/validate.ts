import { validateInputFile } from '../../lib/target/index.ts';

export async function validateCommand(args: string[]): Promise<number> {
  if (args.length === 0) {
    process.stderr.write('accord validate: name at least one scenario or target profile file\n');
    return 2;
  }
  let bad = 0;
  for (const file of args) {
    try {
      const { kind, name } = validateInputFile(file);
      process.stdout.write(`ok  ${file}: ${kind} "${name}"\n`);
    } catch (e) {
      bad++;
      process.stderr.write(`${(e as Error).message}\n`);
    }
  }
  return bad === 0 ? 0 : 1;
}
