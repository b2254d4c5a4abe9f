import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import express from 'express';
import { Keystore } from '../../lib/pki/index.ts';
import { aggregateMetadata } from '../../lib/saml/metadata/aggregate-metadata.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { descendants, parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { loadSamlScenario } from '../../lib/scenario/index.ts';
import { startIdpSimulator } from '../../simulators/idp/index.ts';
import { listen } from '../../simulators/shared/listen.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KEYS = mkdtempSync(join(tmpdir(), 'accord-md-keys-'));
const accord = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/accord.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ACCORD_KEYSTORE: KEYS },
  });

/** A port free right now: the simulator below takes it again, as `accord run --port` would. */
async function freePort(): Promise<number> {
  const s = await listen(express(), 0);
  const port = Number(new URL(s.url).port);
  await s.close();
  return port;
}

/** The metadata a run's IdP simulator serves on `port`, started as the run starts it. */
async function served(file: string, port: number, query = ''): Promise<string> {
  const scenario = loadSamlScenario(join(ROOT, file));
  const sim = await startIdpSimulator({
    scenario,
    keystore: new Keystore(KEYS),
    port,
    name: `idp-${scenario.id}`,
  });
  try {
    return await (await fetch(`${sim.info.metadataUrl}${query}`)).text();
  } finally {
    await sim.close();
  }
}

test('accord metadata writes, before the run, byte for byte the metadata the run serves', async () => {
  const port = await freePort();
  const out = join(mkdtempSync(join(tmpdir(), 'accord-md-')), 'idp.xml');
  const r = accord(['metadata', '--scenario', 'scenarios/adfs.yaml', '--port', `adfs=${port}`, '-o', out]);
  assert.equal(r.status, 0, r.stderr);
  const written = readFileSync(out, 'utf8');
  assert.match(written, /<EntityDescriptor /);
  assert.equal(written, await served('scenarios/adfs.yaml', port));
});

test('accord metadata applies the target profile exchange.ssoBindings', async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'accord-md-'));
  const profile = join(dir, 'post-only.yaml');
  writeFileSync(
    profile,
    readFileSync(join(ROOT, 'targets/reference-sp.yaml'), 'utf8')
      .replace('exchange:\n  post: "{base_url}/__accord/peers"', '$&\n  ssoBindings: [post]')
      .replace('bindings: [redirect, post]', 'bindings: [post]'),
  );
  const r = accord([
    'metadata',
    '--scenario',
    'scenarios/ping.yaml',
    '--port',
    `ping=${port}`,
    '--target',
    profile,
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /HTTP-Redirect" Location="[^"]*sso/i);
  assert.equal(r.stdout, await served('scenarios/ping.yaml', port, '?ssoBindings=post'));
});

test('accord metadata refuses a scenario without a port, naming the option (exit 2)', () => {
  const r = accord(['metadata', '--scenario', 'scenarios/adfs.yaml']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /give --port adfs=PORT/);
});

test('several scenarios give one EntitiesDescriptor whose every signature still verifies', () => {
  const [a, b] = [20001, 20002];
  const r = accord([
    'metadata',
    ...['--scenario', 'scenarios/adfs.yaml', '--scenario', 'scenarios/entra.yaml'],
    ...['--port', `adfs=${a}`, '--port', `entra=${b}`],
  ]);
  assert.equal(r.status, 0, r.stderr);
  const doc = parseUntrustedXml(r.stdout, 'aggregate metadata', 1 << 20);
  const root = doc.documentElement!;
  assert.equal(root.localName, 'EntitiesDescriptor');
  const entities = descendants(doc, NS.md, 'EntityDescriptor');
  assert.equal(entities.length, 2);
  const keys = new Keystore(KEYS);
  const certs = ['idp-adfs', 'idp-entra'].map((n) => keys.get(n).certPem);
  const verdicts = verifyEnvelopedSignatures(r.stdout, root, { trustedCertsPem: certs });
  assert.equal(verdicts.length, 2);
  for (const v of verdicts) assert.ok(v.valid, `${v.parent}: ${v.detail}`);
});

test('the aggregate keeps an entityID once and refuses what is not an EntityDescriptor', () => {
  const one = '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://a"/>';
  const agg = aggregateMetadata([`<?xml version="1.0"?>\n${one}`, one]);
  assert.equal(agg.match(/entityID=/g)?.length, 1);
  assert.match(
    agg,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">/,
  );
  assert.throws(() => aggregateMetadata(['<html/>']), /metadata document 1 is not a single EntityDescriptor/);
});
