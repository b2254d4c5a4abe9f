import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TraceRecorder } from '../../lib/trace/recorder.ts';

test('the trace stays bounded (limit and an eighth) and keeps the newest entries in order', () => {
  const r = new TraceRecorder('idp:test', 80);
  for (let i = 0; i < 1000; i++)
    r.record({ direction: 'in', kind: 'AuthnRequest', binding: 'HTTP-Redirect', flow: `f${i % 3}` } as never);
  const all = r.query();
  assert.ok(all.length >= 80 && all.length <= 90, `${all.length} entries`);
  assert.equal(all.at(-1)!.seq, 1000);
  assert.deepEqual(
    all.map((e) => e.seq),
    Array.from({ length: all.length }, (_, i) => 1001 - all.length + i),
  );
  assert.ok(r.query({ flow: 'f0' }).every((e) => e.flow === 'f0'));
  assert.deepEqual(
    r.query({ since: 995 }).map((e) => e.seq),
    [996, 997, 998, 999, 1000],
  );
});
