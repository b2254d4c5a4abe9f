import { expectedFailures } from './lib/checks/seeded-defect.ts';
import { OP_DEFECTS } from './simulators/op/defects.ts';
import { defectProfile, runAccord } from './test/selftest/run-accord.ts';
const only = process.argv.slice(2);
const defects = OP_DEFECTS.filter((d) => only.length === 0 || only.includes(d.name));
const targets = defects.map((d) => defectProfile('targets/builtin-op.yaml', `op-${d.name}`, [d.name]));
const checks = defects.flatMap((d) => [...new Set([...expectedFailures(d), 'OP-CODE-01'])].flatMap((id) => ['--check', `op-${d.name}=${id}`]));
const started = Date.now();
const run = runAccord(['--no-report', '--workers', '2', '--scenario', 'scenarios/generic-oidc.yaml', ...targets.flatMap((t) => ['--target', t]), ...checks]);
console.log('seconds', (Date.now() - started) / 1000, 'errors', JSON.stringify(run.report.errors).slice(0, 500));
for (const d of defects) {
  const t = run.report.targets.filter((x) => x.target === `op-${d.name}`).flatMap((x) => x.checks);
  const flagged = [...new Set(t.filter((c) => ['fail', 'warn', 'inconclusive'].includes(c.status)).map((c) => c.id))].sort();
  const want = expectedFailures(d);
  const control = t.some((c) => c.id === 'OP-CODE-01' && c.status === 'pass');
  const ok = JSON.stringify(flagged) === JSON.stringify(want) && (want.includes('OP-CODE-01') || control);
  console.log(ok ? 'OK  ' : 'BAD ', d.name, 'flagged', flagged.join(','), 'want', want.join(','), 'control', control);
  if (!ok) for (const c of t) console.log('     ', c.id, c.status, c.detail.slice(0, 200));
}
