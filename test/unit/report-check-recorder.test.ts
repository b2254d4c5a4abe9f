import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLine, testFlow } from '../../suites/fixtures/check-recorder.ts';

describe('what a check result says of the test that judged it', () => {
  it('takes its flow from the test, not from the catalog', () => {
    assert.equal(testFlow({ tags: ['@idp-initiated', '@IDP-RESP-SIGNED'] }), 'idp-initiated');
    assert.equal(testFlow({ tags: ['@SP-SEC-XSW1', '@security'] }), 'security');
    // No flow tag: the recorder falls back to the catalog's flow.
    assert.equal(testFlow({ tags: ['@SP-SEC-XSW1'] }), undefined);
  });

  it('puts the id, level and clause before the detail', () => {
    assert.equal(
      checkLine({
        id: 'SP-SEC-AUDIENCE',
        level: 'MUST',
        spec: 'SAML core 2.5.1.4',
        detail: 'signed in alice',
      }),
      'SP-SEC-AUDIENCE (MUST, SAML core 2.5.1.4): signed in alice',
    );
  });
});
