import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { renderSequenceMermaid, renderSequenceSvg } from '../../lib/trace/sequence-diagram.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';

function entry(seq: number, over: Partial<TraceEntry>): TraceEntry {
  return {
    seq,
    at: `2025-01-01T00:00:0${seq % 10}.000Z`,
    observer: 'idp:default',
    direction: 'in',
    from: 'Browser',
    to: 'SP',
    kind: 'Page',
    ...over,
  };
}

const FLOW: TraceEntry[] = [
  entry(1, { from: 'SP', to: 'Browser', kind: 'AuthnRequest', binding: 'HTTP-Redirect' }),
  entry(2, { from: 'Browser', to: 'IdP', kind: 'AuthnRequest', binding: 'HTTP-Redirect' }),
  entry(3, { from: 'IdP', to: 'IdP', kind: 'LoginForm', binding: 'none' }),
  entry(4, {
    from: 'IdP',
    to: 'Browser',
    kind: 'Response',
    binding: 'HTTP-POST',
    checks: [
      { id: 'sp.audience', status: 'fail', detail: 'accepted' },
      { id: 'sp.replay', status: 'warn', detail: 'maybe' },
      { id: 'sp.signature', status: 'pass', detail: 'ok' },
    ],
  }),
  entry(5, { from: 'Browser', to: 'SP', kind: 'Response', binding: 'HTTP-POST' }),
];

const HOSTILE: TraceEntry[] = [
  entry(1, {
    from: '<script>alert(1)</script>',
    to: 'SP"><img src=x onerror=alert(2)>',
    kind: '<script>alert("k")</script>&amp;\u0000\u0007\uD800',
    relayState: ']]><script>x</script>',
    checks: [{ id: '<script>id</script>', status: 'fail', detail: '</title><script>' }],
  }),
];

function parseStrict(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(`${level}: ${msg}`);
    },
  }).parseFromString(xml, 'image/svg+xml');
  assert.deepEqual(errors, []);
  return doc as unknown as Document;
}

describe('renderSequenceSvg', () => {
  it('is well-formed SVG with one column per actor and one arrow per entry', () => {
    const svg = renderSequenceSvg(FLOW);
    const doc = parseStrict(svg);
    assert.equal(doc.documentElement.localName, 'svg');
    assert.equal(doc.documentElement.namespaceURI, 'http://www.w3.org/2000/svg');
    assert.equal(doc.getElementsByTagName('rect').length, 1 + 3);
    assert.equal(doc.getElementsByTagName('g').length, FLOW.length);
    for (const label of ['AuthnRequest (HTTP-Redirect)', 'LoginForm', 'Response (HTTP-POST)']) {
      assert.ok(svg.includes(`>${label}<`), label);
    }
    assert.ok(!svg.includes('(none)'));
  });

  it('shows failed checks in red with their ids', () => {
    const svg = renderSequenceSvg(FLOW);
    assert.match(svg, /<text [^>]*fill="#c62828"[^>]*>✗ sp\.audience<\/text>/);
    assert.match(svg, /<line [^>]*stroke="#c62828"/);
    assert.match(svg, /! sp\.replay/);
    assert.ok(!svg.includes('✗ sp.signature'));
  });

  it('escapes hostile labels and drops characters XML forbids', () => {
    const svg = renderSequenceSvg(HOSTILE);
    const doc = parseStrict(svg);
    assert.equal(doc.getElementsByTagName('script').length, 0);
    assert.equal(doc.getElementsByTagName('img').length, 0);
    assert.ok(!svg.includes('<script'));
    assert.ok(svg.includes('&lt;script&gt;'));
  });

  it('renders an empty trace', () => {
    parseStrict(renderSequenceSvg([]));
  });

  it('is deterministic', () => {
    assert.equal(renderSequenceSvg(FLOW), renderSequenceSvg(structuredClone(FLOW)));
  });
});

describe('renderSequenceMermaid', () => {
  it('writes one message line per entry', () => {
    const text = renderSequenceMermaid(FLOW);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'sequenceDiagram');
    assert.equal(lines.filter((l) => l.includes('->>')).length, FLOW.length);
    assert.ok(lines.includes('  participant A0 as SP'));
    assert.ok(text.includes('AuthnRequest (HTTP-Redirect)'));
    assert.ok(text.includes('rect rgb(255, 228, 228)'));
    assert.ok(text.includes('FAIL sp.audience'));
  });

  it('cannot be broken out of by hostile labels', () => {
    const text = renderSequenceMermaid([
      ...HOSTILE,
      entry(2, { kind: 'x\nparticipant Evil\n%%{init: {"securityLevel": "loose"}}%%' }),
    ]);
    assert.ok(!/[<>"{}%\n]/.test(text.replace(/\n(?= {2}|$)/g, '').replace(/->>/g, '')));
    assert.equal(
      text
        .trimEnd()
        .split('\n')
        .filter((l) => l.includes('->>')).length,
      2,
    );
  });
});
