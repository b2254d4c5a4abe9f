import { parseArgs } from 'node:util';
import { describeCertificate, Keystore } from '../../lib/pki/index.ts';

export async function keysCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      recreate: { type: 'string' },
      days: { type: 'string', default: '1095' },
      dir: { type: 'string' },
    },
  });
  const store = new Keystore(values.dir);
  if (values.recreate) {
    const days = Number(values.days);
    if (!Number.isFinite(days) || days === 0)
      throw new Error(`--days must be a non-zero number, got "${values.days}"`);
    const now = Date.now();
    const notBefore = new Date(days > 0 ? now - 60_000 : now + days * 86_400_000 * 2);
    const notAfter = new Date(now + days * 86_400_000);
    const k = store.create(values.recreate, { commonName: values.recreate, notBefore, notAfter });
    const d = describeCertificate(k.certPem);
    process.stdout.write(
      `recreated ${k.name}: ${d.subject}, valid until ${d.notAfter.toISOString()} (${k.certFile})\n`,
    );
    process.stdout.write('targets that trusted the old certificate must load the simulator metadata again\n');
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
