import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pkceProblems } from '../../suites/rp-target/checks/authorization-request-checks.ts';
import {
  assertedClaims,
  claimDifferences,
  parseClaimsEcho,
} from '../../suites/rp-target/checks/claims-echo.ts';

const ID_TOKEN = {
  iss: 'http://op',
  aud: 'rp',
  exp: 2,
  iat: 1,
  nonce: 'n',
  sid: 's',
  at_hash: 'h',
  sub: 'u-1',
  email: 'kim@example.org',
  name: 'Kim Lee',
  _claim_names: { groups: 'src1' },
};
const USERINFO = { sub: 'u-1', groups: ['a', 'b'], name: 'Kim M. Lee' };

describe('RP-SSO-02: the application got what the OP asserted', () => {
  it('asserts the user claims of the ID token and userinfo, userinfo last, without token claims', () => {
    assert.deepEqual(assertedClaims(ID_TOKEN, USERINFO), {
      sub: 'u-1',
      email: 'kim@example.org',
      name: 'Kim M. Lee',
      groups: ['a', 'b'],
    });
    assert.deepEqual(Object.keys(assertedClaims(ID_TOKEN, undefined)).sort(), ['email', 'name', 'sub']);
  });

  it('finds no difference when every claim arrived with its value', () => {
    const asserted = assertedClaims(ID_TOKEN, USERINFO);
    const echo = parseClaimsEcho(JSON.stringify({ sub: 'u-1', claims: { ...asserted, extra: 1 } }), 'x');
    assert.deepEqual(claimDifferences(asserted, 'u-1', echo), []);
  });

  it('names a missing claim, a changed value, a changed list and another sub', () => {
    const asserted = assertedClaims(ID_TOKEN, USERINFO);
    const echo = parseClaimsEcho(
      JSON.stringify({ sub: 'u-2', claims: { email: 'kim@example.org', name: 'Kim Lee', groups: ['a'] } }),
      'x',
    );
    assert.deepEqual(claimDifferences(asserted, 'u-1', echo), [
      'sub: the ID token named "u-1", the application got "u-2"',
      'name: asserted "Kim M. Lee", the application got "Kim Lee"',
      'groups: asserted ["a","b"], the application got ["a"]',
    ]);
    const noSub = parseClaimsEcho(JSON.stringify({ claims: { sub: 'u-1' } }), 'x');
    assert.deepEqual(claimDifferences({ sub: 'u-1', email: 'e' }, 'u-1', noSub), [
      'email: asserted "e", missing in the application',
    ]);
  });

  it('says what is wrong with an echo that is no claims JSON', () => {
    assert.throws(() => parseClaimsEcho('<p>hi', 'rp echo #e'), /rp echo #e: the echo is not JSON/);
    assert.throws(
      () => parseClaimsEcho('{"sub":"a","claims":[1]}', 'rp echo #e'),
      /"claims": \{name: value\}/,
    );
  });
});

describe('RP-AUTHZ-PKCE', () => {
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  it('passes a S256 challenge whose verifier the OP accepted', () => {
    assert.deepEqual(
      pkceProblems({ code_challenge: challenge, code_challenge_method: 'S256' }, true, 200),
      [],
    );
  });
  it('names each way it falls short', () => {
    assert.deepEqual(pkceProblems({}, true, 200), ['the authentication request has no code_challenge']);
    assert.match(
      pkceProblems({ code_challenge: challenge }, true, 200)[0],
      /no code_challenge_method \(S256 is required/,
    );
    assert.match(
      pkceProblems({ code_challenge: 'short', code_challenge_method: 'S256' }, true, 200)[0],
      /is no base64url SHA-256 digest/,
    );
    assert.deepEqual(pkceProblems({ code_challenge: challenge, code_challenge_method: 'S256' }, false, 200), [
      'the token request carries no code_verifier',
    ]);
    assert.match(
      pkceProblems({ code_challenge: challenge, code_challenge_method: 'S256' }, true, 400)[0],
      /answered 400/,
    );
    assert.match(
      pkceProblems({ code_challenge: [challenge, challenge] }, undefined, undefined)[0],
      /code_challenge sent 2 times/,
    );
  });
});
