import { parseArgs } from 'node:util';
import { describeCertificate, Keystore } from '../../lib/pki/index.ts';
import { closest } from '../../lib/text/closest-match.ts';
import { keyName } from '../run-flags.ts';

export async function keysCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      recreate: { type: 'string' },
      create: { type: 'string' },
      days: { type: 'string', default: '1095' },
      dir: { type: 'string' },
    },
  });
  const days = /^-?\d{1,6}$/.test(values.days) ? Number(values.days) : Number.NaN;
  if (!Number.isFinite(days) || days === 0)
    throw new Error(`--days must be a non-zero whole number, got "${values.days}"`);
  if (values.recreate !== undefined && values.create !== undefined)
    throw new Error('--create and --recreate: give one of them');
  const store = new Keystore(values.dir);
  const name = values.recreate ?? values.create;
  if (name !== undefined) {
    keyName(values.recreate !== undefined ? '--recreate' : '--create', name);
    const names = store.list();
    // Recreating replaces a key targets trust, so a misspelt name must not quietly make a new one;
    // creating must not replace one.
    if (values.recreate !== undefined && !names.includes(name)) {
      const near = closest(name, names);
      throw new Error(
        `--recreate ${name}: no such key in ${store.dir}${near ? ` (did you mean "${near}"?)` : ''}; keys: ${names.join(', ') || 'none yet (they are created on first use, or with --create)'}`,
      );
    }
    if (values.create !== undefined && names.includes(name))
      throw new Error(`--create ${name}: the key exists already (use --recreate ${name} to replace it)`);
    const now = Date.now();
    const notBefore = new Date(days > 0 ? now - 60_000 : now + days * 86_400_000 * 2);
    const notAfter = new Date(now + days * 86_400_000);
    const k = store.create(name, { commonName: name, notBefore, notAfter });
    const d = describeCertificate(k.certPem);
    process.stdout.write(
      `${values.create ? 'created' : 'recreated'} ${k.name}: ${d.subject}, valid until ${d.notAfter.toISOString()} (${k.certFile})\n`,
    );
    if (values.recreate)
      process.stdout.write(
        'targets that trusted the old certificate must load the simulator metadata again\n',
      );
    return 0;
  }
  const names = store.list();
  if (names.length === 0) {
    process.stdout.write(`no keys yet in ${store.dir}: they are created on first use\n`);
    return 0;
  }
  for (const name of names) {
    const d = describeCertificate(store.get(name).certPem);
    const state =
      d.daysLeft < 0
        ? 'EXPIRED'
        : d.daysLeft < 30
          ? `expires in ${d.daysLeft} days`
          : `${d.daysLeft} days left`;
    process.stdout.write(
      `${name.padEnd(28)} ${d.subject.padEnd(40)} ${d.notAfter.toISOString().slice(0, 10)}  ${state}\n`,
    );
  }
  return 0;
}
