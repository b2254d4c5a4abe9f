import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attackOf, evidenceFiles, uniqueMessages } from '../../lib/trace/evidence.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';

const RESPONSE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><a>x</a></samlp:Response>';

function entry(over: Partial<TraceEntry>): TraceEntry {
  return {
    seq: 1,
    at: '2026-12-06T03:00:00.000Z',
    flow: 'f0000000000000001',
    observer: 'idp',
    direction: 'out',
    from: 'IdP',
    to: 'SP',
    kind: 'Response',
    ...over,
  };
}

describe('evidence attached to a check', () => {
  const sent = entry({
    seq: 4,
    decoded: RESPONSE,
    info: { tamper: { name: 'xsw1' }, plan: { tamper: 'xsw1' } },
  });
  // The reference SP saw the same bytes arrive: one message, not two.
  const received = entry({ seq: 9, observer: 'sp', direction: 'in', decoded: RESPONSE });
  const request = entry({
    seq: 3,
    at: '2026-12-05T23:59:59.000Z',
    kind: 'AuthnRequest',
    from: 'SP',
    to: 'IdP',
    decoded: '<r/>',
  });

  it('keeps each message once, in the order it happened', () => {
    assert.deepEqual(
      uniqueMessages([received, sent, request]).map((e) => `${e.observer}#${e.seq}`),
      ['idp#3', 'idp#4'],
    );
  });

  it('names each message by its place, its way and its attack, and pretty-prints XML', () => {
    assert.equal(attackOf(sent), 'xsw1');
    assert.equal(
      attackOf(entry({ info: { plan: { audience: 'https://other.test' }, tamper: null } })),
      'audience',
    );
    assert.equal(attackOf(entry({ info: { plan: null, tamper: null } })), undefined);
    const files = evidenceFiles([
      { entry: request, n: 1 },
      { entry: sent, n: 2 },
    ]);
    assert.deepEqual(
      files.map((f) => f.name),
      [
        'sequence.svg',
        'messages.json',
        '001-SP-to-IdP-AuthnRequest.xml',
        '002-IdP-to-SP-Response-attack-xsw1.xml',
      ],
    );
    assert.match(files[0].body, /Response \[attack xsw1\]/);
    assert.equal(files[3].body.split('\n').length, 3, files[3].body);
    // The bytes as they travelled stay in messages.json; the readable copies are separate.
    assert.doesNotMatch(files[1].body, /"decoded"/);
  });

  it('attaches nothing when there is nothing', () => {
    assert.deepEqual(evidenceFiles([]), []);
  });
});
