import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { privateKeyObject } from '../../lib/pki/index.ts';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { TAMPERS, type TamperContext } from '../../lib/saml/tamper/index.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { buildResponseXml, idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

/*
 * The reference SP over HTTP against hostile XML, with a loopback listener standing where an
 * attacker's server would: a crafted XXE must never make the clean SP call it.
 */

const ks = tempKeystore();
const idpKey = ks.keystore.get('idp-xxe-test');
const IDP = 'https://idp.xxe.test/idp';

let hits: string[] = [];
let listener: Server;
let listenerUrl: string;
const sps: RunningSp[] = [];

before(async () => {
  listener = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('accord-xxe');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});

after(async () => {
  await Promise.all(sps.map((s) => s.close()));
  await new Promise((resolve) => listener.close(resolve));
  ks.dispose();
});

async function sp(defects: string[] = []): Promise<RunningSp> {
  const s = await startSpSimulator({
    keystore: ks.keystore,
    orgId: `xxe-${defects.join('-') || 'clean'}`,
    defects,
  });
  sps.push(s);
  const res = await fetch(`${s.url}/__accord/peers`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: idpMetadataXml({ entityId: IDP, certPem: idpKey.certPem, ssoUrl: `${IDP}/sso` }),
  });
  assert.equal(res.status, 200);
  return s;
}

function hostile(s: RunningSp, tamper: string, token: string): string {
  const ctx: TamperContext = {
    attackerNameId: 'mallory@corp.test',
    attackerKey: { key: privateKeyObject(idpKey.keyPem), certPem: idpKey.certPem },
    xxeUrl: `${listenerUrl}/${token}`,
  };
  const genuine = buildResponseXml({
    issuer: IDP,
    recipient: s.info.acsUrl,
    destination: s.info.acsUrl,
    audience: s.info.entityId,
    now: new Date(),
    key: idpKey,
    inResponseTo: null,
  });
  return encodePostMessage(TAMPERS.get(tamper)!.apply(genuine, ctx));
}

async function post(s: RunningSp, samlResponse: string): Promise<{ status: number; text: string }> {
  const res = await fetch(s.info.acsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse }),
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

describe('the reference SP and hostile XML', () => {
  test('a crafted XXE never causes a request to the listener; the DOCTYPE is refused by name', async () => {
    const clean = await sp();
    hits = [];
    const res = await post(clean, hostile(clean, 'doctype-xxe', 'clean'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(res.status, 400);
    assert.match(res.text, /doctype-forbidden/);
    assert.deepEqual(hits, []);
  });

  test('the listener would see it: with load-external-dtd the SP fetches the DTD and the entities', async () => {
    const open = await sp(['load-external-dtd']);
    hits = [];
    const res = await post(open, hostile(open, 'doctype-xxe', 'open'));
    assert.equal(res.status, 400);
    assert.deepEqual([...hits].sort(), [
      '/open/external-dtd',
      '/open/general-entity',
      '/open/parameter-entity',
    ]);
  });

  test('entity expansion and a second root are refused before any signature is looked at', async () => {
    const clean = await sp();
    for (const [tamper, code] of [
      ['entity-expansion', 'doctype-forbidden'],
      ['billion-laughs', 'doctype-forbidden'],
      ['two-roots', 'not-xml'],
    ] as const) {
      const res = await post(clean, hostile(clean, tamper, tamper));
      assert.equal(res.status, 400, tamper);
      assert.match(res.text, new RegExp(code), tamper);
    }
  });

  test('with expand-entities, a billion-laughs bomb is still stopped by the expansion limit', async () => {
    const open = await sp(['expand-entities']);
    const res = await post(open, hostile(open, 'billion-laughs', 'bomb'));
    assert.equal(res.status, 413);
    assert.match(res.text, /too-large/);
  });
});
