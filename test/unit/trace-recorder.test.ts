import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowFromCookieHeader, MAX_FLOW_ID_LENGTH, TraceRecorder } from '../../lib/trace/recorder.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';

type Recorded = Omit<TraceEntry, 'seq' | 'at' | 'observer'>;
const entry = (over: Partial<Recorded> = {}): Recorded => ({
  direction: 'in',
  from: 'Browser',
  to: 'IdP',
  kind: 'AuthnRequest',
  ...over,
});

test('the trace keeps at most maxEntries, the newest, in order', () => {
  const r = new TraceRecorder('idp:test', { maxEntries: 80 });
  for (let i = 0; i < 1000; i++) r.record(entry({ flow: `f${i % 3}` }));
  const all = r.query();
  assert.equal(all.length, 80);
  assert.deepEqual(
    all.map((e) => e.seq),
    Array.from({ length: 80 }, (_, i) => 921 + i),
  );
  assert.ok(r.query({ flow: 'f0' }).every((e) => e.flow === 'f0'));
  assert.deepEqual(
    r.query({ since: 995 }).map((e) => e.seq),
    [996, 997, 998, 999, 1000],
  );
});

test('the trace is bounded in bytes: 300 large refused messages keep no more than maxBytes', () => {
  const maxBytes = 1024 * 1024;
  const r = new TraceRecorder('sp:test', { maxBytes });
  const body = 'A'.repeat(600 * 1024);
  for (let i = 0; i < 300; i++) r.record(entry({ raw: body, decoded: body, info: { error: body } }));
  const { entries, bytes } = r.size();
  assert.ok(bytes <= maxBytes, `${bytes} bytes kept`);
  assert.ok(entries >= 5, `${entries} entries kept`);
  assert.equal(r.query().at(-1)!.seq, 300);
  const measured = r.query().reduce((n, e) => n + JSON.stringify(e).length, 0);
  assert.equal(measured, bytes);
});

test('incoming fields are clipped with a note; what the simulator sent is kept up to its own limit', () => {
  const r = new TraceRecorder('idp:test', { maxInFieldBytes: 1000, maxOutFieldBytes: 5000 });
  const big = 'x'.repeat(3000);
  const got = r.record(entry({ raw: big, decoded: big, url: `/sso?${'q'.repeat(20_000)}` }));
  assert.equal(got.raw!.slice(0, 1000), 'x'.repeat(1000));
  assert.match(got.raw!, /… \[clipped: 2000 more characters not kept in the trace\]$/);
  assert.match(got.url!, /\[clipped: \d+ more characters/);
  const sent = r.record(entry({ direction: 'out', decoded: big }));
  assert.equal(sent.decoded, big);
});

test('oversized info is clipped, then replaced, never kept whole', () => {
  const r = new TraceRecorder('sp:test', { maxInfoBytes: 16_384 });
  const some = r.record(entry({ info: { error: 'e'.repeat(20_000), code: 'too-large' } }));
  assert.equal(some.info!.code, 'too-large');
  assert.match(String(some.info!.error), /clipped/);
  const many = r.record(entry({ info: { names: Array.from({ length: 2000 }, (_, i) => `name-${i}`) } }));
  assert.match(String(many.info!.clipped), /^info of \d+ characters not kept in the trace \(limit 16384\)$/);
  // What the simulator sent (the plaintext of an encrypted assertion, say) is its own evidence.
  const sent = r.record(entry({ direction: 'out', info: { plaintext: 'p'.repeat(20_000) } }));
  assert.equal(sent.info!.plaintext, 'p'.repeat(20_000));
});

test('a kept entry holds no reference into the request it came from', () => {
  const r = new TraceRecorder('sp:test');
  const info = { nested: { id: 'a' } };
  const got = r.record(entry({ info }));
  info.nested.id = 'changed';
  assert.deepEqual(got.info, { nested: { id: 'a' } });
});

test('flowFromCookieHeader reads the flow and ignores malformed or oversized cookies', () => {
  assert.equal(flowFromCookieHeader('a=1; accord-flow=f%201; b=2'), 'f 1');
  assert.equal(flowFromCookieHeader('accord-flow=%E0%A4%A'), undefined);
  assert.equal(flowFromCookieHeader('accord-flow=%'), undefined);
  assert.equal(flowFromCookieHeader(`accord-flow=${'a'.repeat(MAX_FLOW_ID_LENGTH + 1)}`), undefined);
  assert.equal(
    flowFromCookieHeader(`accord-flow=${'a'.repeat(MAX_FLOW_ID_LENGTH)}`),
    'a'.repeat(MAX_FLOW_ID_LENGTH),
  );
  assert.equal(flowFromCookieHeader(undefined), undefined);
});

test('an answer of the admin API is bounded, and says where to go on', () => {
  const r = new TraceRecorder('sp:test', { maxAnswerBytes: 10_000 });
  for (let i = 0; i < 50; i++) r.record(entry({ raw: 'r'.repeat(1000), flow: i % 2 ? 'odd' : 'even' }));
  const seen: number[] = [];
  let since: number | undefined;
  for (;;) {
    const { json, next } = r.answer({ since });
    assert.ok(json.length <= 10_000, `${json.length} characters in one answer`);
    seen.push(...(JSON.parse(json) as TraceEntry[]).map((e) => e.seq));
    if (next === undefined) break;
    since = next;
  }
  assert.deepEqual(
    seen,
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    JSON.parse(r.answer({ flow: 'odd', since: 40 }).json).map((e: TraceEntry) => e.seq),
    [42, 44, 46, 48, 50],
  );
  const huge = new TraceRecorder('sp:test', { maxAnswerBytes: 10 });
  huge.record(entry());
  assert.equal(
    (JSON.parse(huge.answer().json) as TraceEntry[]).length,
    1,
    'one entry at least, whatever its size',
  );
});
