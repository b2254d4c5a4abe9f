import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestUser } from '../../lib/admin/protocol.ts';
import { addressClaim } from '../../lib/oidc/address-claim.ts';
import { flowScope, judgeScopeClaims } from '../../suites/op-target/checks/scope-claims-check.ts';

const address = {
  streetAddress: '1200 Pine Street',
  locality: 'Seattle',
  postalCode: '98101',
  country: 'US',
};
const user: TestUser = {
  username: 'kim',
  password: 'x',
  email: 'kim@example.org',
  phone: '+1 (425) 555-0142',
  address,
};
const wanted = { profile: ['name'], email: ['email'], address: ['address'], phone: ['phone_number'] };
const genuine = {
  sub: 's',
  name: 'Kim Lee',
  email: 'Kim@example.org',
  address: addressClaim(address),
  phone_number: '+14255550142',
  phone_number_verified: true,
};
const ALL = ['openid', 'profile', 'email', 'address', 'phone'];
const judge = (claims: Record<string, unknown>, over: Partial<Parameters<typeof judgeScopeClaims>[0]> = {}) =>
  judgeScopeClaims({ wanted, claims, user, scopesSupported: ALL, ...over });

describe('OP-SCOPE-CLAIMS', () => {
  it('passes the test user’s claims of every scope, the phone number compared by its digits', () => {
    const v = judge(genuine);
    assert.equal(v.ok, true, v.detail);
    assert.match(v.detail, /address: address; phone: phone_number/);
  });

  it('fails a missing address or phone number, naming them', () => {
    const { address: _a, phone_number: _p, ...rest } = genuine;
    const v = judge(rest);
    assert.equal(v.ok, false);
    assert.equal(v.detail, 'scope address: no address; scope phone: no phone_number');
  });

  it('fails the shapes OIDC Core 5.1 fixes, and values that are not the test user’s', () => {
    assert.match(
      judge({ ...genuine, address: '1200 Pine Street' }).detail,
      /address "1200 Pine Street" is not a JSON object/,
    );
    assert.match(
      judge({ ...genuine, address: { ...genuine.address, locality: 'Tacoma' } }).detail,
      /address\.locality "Tacoma" is not the test user's Seattle/,
    );
    assert.match(
      judge({ ...genuine, address: { ...genuine.address, region: 7 } }).detail,
      /address\.region 7 is not a string/,
    );
    assert.match(
      judge({ ...genuine, phone_number_verified: 'true' }).detail,
      /phone_number_verified "true" is not a boolean/,
    );
    assert.match(judge({ ...genuine, phone_number: '+1 206 555 0100' }).detail, /is not the test user's/);
    assert.match(
      judge({ ...genuine, email: 'other@example.org' }).detail,
      /email "other@example.org" is not/,
    );
  });

  it('does not judge a scope scopes_supported leaves out, nor address or phone for a test user without them', () => {
    const { address: _a, phone_number: _p, ...rest } = genuine;
    const unlisted = judge(rest, { scopesSupported: ['openid', 'profile', 'email'] });
    assert.equal(unlisted.ok, true, unlisted.detail);
    assert.match(
      unlisted.detail,
      /not judged: address: the discovery document's scopes_supported does not list it/,
    );
    const bare = judge(rest, { user: { username: 'u', password: 'x', email: 'kim@example.org' } });
    assert.equal(bare.ok, true, bare.detail);
    assert.match(
      bare.detail,
      /address: the test user has no address \(users\); phone: the test user has no phone \(users\)/,
    );
    const nothing = judge(rest, { wanted: { phone: ['phone_number'] }, scopesSupported: ['openid'] });
    assert.equal(nothing.ok, undefined);
  });

  it('asks for the scopes of scopeClaims the OP lists, or all of them when it lists none', () => {
    assert.equal(flowScope('openid profile', wanted, ['openid', 'profile', 'email']), 'openid profile email');
    assert.equal(flowScope('openid', wanted, undefined), 'openid profile email address phone');
  });
});
