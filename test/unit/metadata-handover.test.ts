import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TargetProfile } from '../../lib/target/types.ts';
import type { Accord } from '../../suites/fixtures/index.ts';
import { metadataHandover } from '../../suites/sp-target/rollover/refresh-idp-metadata.ts';

/*
 * The ways a profile says its target takes new IdP metadata (metadataRefresh): the exchange, a
 * command of its own, polling the metadata URL, or by hand. Run here against a metadata server of
 * its own, without a browser.
 */
const METADATA = '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="urn:x"/>';
let server: Server;
let metadataUrl = '';
let posted: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'accord-handover-'));

before(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        posted.push(body);
        res.end('ok');
      });
      return;
    }
    res.setHeader('content-type', 'application/samlmetadata+xml');
    res.end(METADATA);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function accordWith(profile: Partial<TargetProfile>): Accord {
  const full = { name: 't', file: 'targets/t.yaml', role: 'sp', ...profile } as TargetProfile;
  return {
    profile: full,
    vars: {},
    counterpart: { info: async () => ({ metadataUrl }) },
  } as unknown as Accord;
}

const handOf = (a: Accord) => {
  const h = metadataHandover(a);
  if ('cannot' in h) throw new Error(`expected a handover, got: ${h.cannot}`);
  return h.hand;
};

test('metadataRefresh.command runs in place of the exchange, with the metadata file', async () => {
  posted = [];
  const out = join(dir, 'taken.xml');
  const hand = handOf(
    accordWith({
      exchange: { post: `${metadataUrl.replace('/metadata', '/exchange')}` },
      metadataRefresh: { command: `cp "{metadata_file}" "${out}"` },
    } as Partial<TargetProfile>),
  );
  assert.match(await hand(), /^ran cp /);
  assert.equal(readFileSync(out, 'utf8'), METADATA);
  assert.deepEqual(posted, [], 'the exchange post is not used');
});

test('a failing metadataRefresh.command names that field and the profile file', async () => {
  const hand = handOf(
    accordWith({ metadataRefresh: { command: 'echo broken >&2; exit 3' } } as Partial<TargetProfile>),
  );
  await assert.rejects(hand(), /targets\/t\.yaml: metadataRefresh\.command failed: broken/);
});

test('metadataRefresh.exchange hands the metadata over the exchange, then waits settleSeconds', async () => {
  posted = [];
  const hand = handOf(
    accordWith({
      exchange: { post: `${metadataUrl.replace('/metadata', '/exchange')}` },
      metadataRefresh: { exchange: true, settleSeconds: 1 },
    } as Partial<TargetProfile>),
  );
  const started = Date.now();
  assert.match(await hand(), /^posted to .*, then waited the 1 s its profile says it needs$/);
  assert.ok(Date.now() - started >= 1000);
  assert.deepEqual(posted, [METADATA]);
});

test('metadataRefresh.pollSeconds waits for the target to poll, with a margin', async () => {
  const hand = handOf(accordWith({ metadataRefresh: { pollSeconds: 0 } } as Partial<TargetProfile>));
  const started = Date.now();
  assert.match(await hand(), /^waited 2 s for the target to poll http:\/\/127\.0\.0\.1:\d+\/metadata/);
  assert.ok(Date.now() - started >= 2000);
});

test('a target that cannot take new metadata within a run says why', () => {
  const why = (p: Partial<TargetProfile>) => {
    const h = metadataHandover(accordWith(p));
    return 'cannot' in h ? h.cannot : 'a handover';
  };
  assert.match(why({ metadataRefresh: { manual: true } } as Partial<TargetProfile>), /by hand only/);
  assert.match(
    why({ exchange: { manual: true }, metadataRefresh: { exchange: true } } as Partial<TargetProfile>),
    /its exchange, which is manual/,
  );
  assert.match(why({}), /declares no metadataRefresh/);
});
