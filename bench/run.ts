import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDefaultRun, benchWarmLogin } from './browser.ts';
import { benchIdpSimulator } from './idp-simulator.ts';
import { benchSamlIdp } from './peer-saml-idp.ts';
import { benchSimpleSamlPhp } from './peer-simplesamlphp.ts';
import { rawRsa } from './raw-rsa.ts';
import { benchReferenceSp } from './reference-sp.ts';

/*
 * `npm run bench`: every measurement side by side, on this machine, in one run. Targets are for a
 * 2-core machine; each line says whether it was met. Nothing here is a timed test: the numbers
 * are reported, and the exit code stays 0 unless a measurement itself broke.
 */

interface Row {
  what: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  note?: string;
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    'skip-run': { type: 'boolean', default: false },
  },
});
const durationMs = Number(values.seconds) * 1000;
const rows: Row[] = [];
const add = (r: Row) => {
  rows.push(r);
  const verdict = r.met === undefined ? '' : r.met ? '  [target met]' : '  [TARGET MISSED]';
  console.log(
    `${r.what}: ${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}${r.target ? ` (target ${r.target})` : ''}${verdict}${r.note ? ` — ${r.note}` : ''}`,
  );
};

const rsa = rawRsa();
add({ what: 'raw RSA-2048 SHA-256 signatures, one core', value: rsa.signsPerSecond, unit: '/s' });
add({ what: 'raw RSA-2048 SHA-256 verifications, one core', value: rsa.verifiesPerSecond, unit: '/s' });

const adfs1 = await benchIdpSimulator('scenarios/adfs.yaml', 1, durationMs);
add({
  what: 'IdP simulator, AD FS (assertion signed), 1 process',
  value: adfs1.perSecond,
  unit: 'Responses/s',
  target: '>= 1500',
  met: adfs1.perSecond >= 1500,
  note: `p50 ${adfs1.p50ms.toFixed(1)} ms, ${adfs1.failed} failed`,
});
const ping1 = await benchIdpSimulator('scenarios/ping.yaml', 1, durationMs);
add({
  what: 'IdP simulator, PingFederate (response + assertion signed), 1 process',
  value: ping1.perSecond,
  unit: 'Responses/s',
  note: `p50 ${ping1.p50ms.toFixed(1)} ms`,
});
const cores = Math.max(1, cpus().length);
const adfsN = await benchIdpSimulator('scenarios/adfs.yaml', cores, durationMs);
add({
  what: `IdP simulator, AD FS, ${cores} processes (one per core)`,
  value: adfsN.perSecond,
  unit: 'Responses/s',
  note: `${(adfsN.perSecond / cores).toFixed(0)} per process; the load generator shares the cores`,
});

let samlIdp: number | undefined;
try {
  const s = await benchSamlIdp(durationMs);
  samlIdp = s.perSecond;
  add({
    what: `peer: npm saml-idp ${s.version} (response + assertion signed)`,
    value: s.perSecond,
    unit: 'Responses/s',
  });
} catch (e) {
  add({
    what: 'peer: npm saml-idp',
    value: 0,
    unit: 'Responses/s',
    note: `not measured: ${(e as Error).message.split('\n')[0]}`,
  });
}
let ssp: number | undefined;
try {
  const s = await benchSimpleSamlPhp(durationMs);
  if (s) {
    ssp = s.perSecond;
    add({ what: `peer: SimpleSAMLphp ${s.version} IdP`, value: s.perSecond, unit: 'Responses/s' });
  } else
    add({ what: 'peer: SimpleSAMLphp IdP', value: 0, unit: 'Responses/s', note: 'not installed: skipped' });
} catch (e) {
  add({
    what: 'peer: SimpleSAMLphp IdP',
    value: 0,
    unit: 'Responses/s',
    note: `not measured: ${(e as Error).message.split('\n')[0]}`,
  });
}
for (const [name, peer] of [
  ['npm saml-idp', samlIdp],
  ['SimpleSAMLphp', ssp],
] as const) {
  if (!peer) continue;
  const ratio = ping1.perSecond / peer;
  add({
    what: `IdP simulator (both signatures) vs ${name}`,
    value: ratio,
    unit: 'x',
    target: '>= 2x',
    met: ratio >= 2,
  });
}

const sp = await benchReferenceSp(durationMs);
add({
  what: 'reference SP, Responses fully validated at the ACS, 1 process',
  value: sp.perSecond,
  unit: '/s',
  target: '>= 1000',
  met: sp.perSecond >= 1000,
  note: `p50 ${sp.p50ms.toFixed(1)} ms, ${sp.failed} failed`,
});

const login = await benchWarmLogin(20);
add({
  what: 'browser: warm SP-initiated login, median (new context each)',
  value: login.medianMs,
  unit: 'ms',
  target: '<= 300',
  met: login.medianMs <= 300,
});

if (!values['skip-run']) {
  const one = benchDefaultRun(1);
  add({
    what: 'default conformance run, 1 worker',
    value: one.seconds,
    unit: 's',
    note: `exit ${one.exitCode}`,
  });
  const two = benchDefaultRun(2);
  add({
    what: 'default conformance run, 2 workers',
    value: two.seconds,
    unit: 's',
    target: '<= 60',
    met: two.seconds <= 60,
    note: `exit ${two.exitCode}`,
  });
  const speedup = one.seconds / two.seconds;
  add({
    what: 'speed-up of 2 workers over 1',
    value: speedup,
    unit: 'x',
    target: '>= 1.7',
    met: speedup >= 1.7,
  });
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  model: cpus()[0]?.model ?? '?',
  at: new Date().toISOString(),
};
writeFileSync('reports/bench.json', `${JSON.stringify({ machine, rows }, null, 2)}\n`);
const table = [
  '| measurement | result | target |',
  '| --- | ---: | --- |',
  ...rows.map(
    (r) =>
      `| ${r.what}${r.note ? ` (${r.note})` : ''} | ${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit} | ${r.target ? `${r.target} ${r.met ? '✓' : '✗'}` : ''} |`,
  ),
].join('\n');
writeFileSync('reports/bench.md', `${table}\n`);
console.log(
  `\nreports/bench.json and reports/bench.md written (${machine.cpus} cores, ${machine.model}, Node ${machine.node})`,
);
