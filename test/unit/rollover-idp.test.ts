import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SimulatorClient } from '../../lib/admin/client.ts';
import type { RolloverState } from '../../lib/admin/protocol.ts';
import { certBase64, issueSelfSignedCertificate, Keystore, privateKeyObject } from '../../lib/pki/index.ts';
import { buildSpMetadata } from '../../lib/saml/metadata/build-sp-metadata.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';
import { loadSamlScenario } from '../../lib/scenario/index.ts';
import { type RunningIdpSimulator, startIdpSimulator } from '../../simulators/idp/index.ts';
import type { TrustedSp } from '../../simulators/idp/peers.ts';
import { buildOutgoingResponse } from '../../simulators/idp/response-for-user.ts';

const dir = mkdtempSync(join(tmpdir(), 'accord-rollover-idp-'));
const scenario = loadSamlScenario(fileURLToPath(new URL('../../scenarios/entra.yaml', import.meta.url)));
let sim: RunningIdpSimulator;
let client: SimulatorClient;
let sp: TrustedSp;

before(async () => {
  sim = await startIdpSimulator({ scenario, keystore: new Keystore(dir), port: 0 });
  client = new SimulatorClient(sim.url);
  const pair = issueSelfSignedCertificate({ commonName: 'sp.rollover.test' });
  sp = sim.simulator.context.peers.add(
    buildSpMetadata({
      entityId: 'https://sp.rollover.test',
      acsUrls: ['https://sp.rollover.test/acs'],
      signing: { key: privateKeyObject(pair.keyPem), certPem: pair.certPem },
    }),
  );
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const published = async () => {
  const xml = await (await fetch(`${sim.url}/metadata`)).text();
  return parseMetadata(xml, 'IdP metadata').idp!.certs.signing.map(normal);
};

/** The assertion of a Response the IdP builds for the first user under `plan`, and which certificates verify it. */
async function signedBy(plan: object, certs: string[]): Promise<boolean[]> {
  const ctx = sim.simulator.context;
  ctx.plans.set('flow-r', plan);
  const session = {
    id: 's',
    sessionIndex: '_si',
    transientNameIds: new Map(),
    pending: new Map(),
    lastSeen: 0,
  };
  const out = await buildOutgoingResponse(
    ctx,
    session,
    { sp, acsUrl: 'https://sp.rollover.test/acs', flow: 'flow-r' },
    ctx.scenario.users[0],
  );
  const root = parseUntrustedXml(out.xml).documentElement!;
  return certs.map((c) =>
    verifyEnvelopedSignatures(out.xml, root, { trustedCertsPem: [c] }).every((v) => v.valid),
  );
}

test('the admin API drives a rollover: the metadata lists current and next, a plan picks the signing key', async () => {
  const start: RolloverState = await client.rollover();
  assert.equal(start.next, null);
  assert.deepEqual(await published(), [start.current].map(normal));

  const during = await client.prepareNextKey();
  assert.ok(during.next);
  assert.deepEqual(during.published, [start.current, during.next]);
  assert.deepEqual(await published(), [start.current, during.next].map(normal), 'metadata follows at once');
  assert.deepEqual(
    await signedBy({}, [start.current, during.next]),
    [true, false],
    'current signs by default',
  );
  assert.deepEqual(await signedBy({ signingKey: 'next' }, [start.current, during.next]), [false, true]);

  const promoted = await client.promoteNextKey();
  assert.equal(promoted.current, during.next);
  assert.deepEqual(promoted.retired, [start.current]);
  assert.deepEqual(await published(), [during.next].map(normal), 'the retired key leaves the metadata');
  assert.deepEqual(await signedBy({ signingKey: 'retired' }, [start.current, during.next]), [true, false]);

  await client.prepareNextKey('retired');
  const back = await client.promoteNextKey();
  assert.equal(back.current, start.current);
  const dropped = await client.dropRetiredKeys();
  assert.deepEqual(dropped.retired, []);
  await assert.rejects(signedBy({ signingKey: 'retired' }, [start.current]), /no retired signing key/);
});

test('bad rollover requests get a 4xx naming what was wrong', async () => {
  const post = (path: string) => fetch(`${sim.url}/__accord/rollover${path}`, { method: 'POST' });
  const bad = await post('/next?from=elsewhere');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /from must be/);
  const early = await post('/promote');
  assert.equal(early.status, 409);
  assert.match(((await early.json()) as { error: string }).error, /no next key/);
  const plan = await fetch(`${sim.url}/__accord/flows/f1`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ signingKey: 'old' }),
  });
  assert.equal(plan.status, 400);
  assert.match(((await plan.json()) as { error: string }).error, /signingKey must be/);
});

/** Certificates compared by their DER, whatever the PEM line breaks. */
function normal(pem: string): string {
  return certBase64(pem);
}
