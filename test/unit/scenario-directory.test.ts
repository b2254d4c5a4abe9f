import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDirectory } from '../../lib/scenario/index.ts';

const OPTIONS = { seed: 42, count: 200, domain: 'corp.example.com', password: 'pw', groups: ['a', 'b', 'c'] };

describe('generateDirectory', () => {
  it('gives the same users for the same seed', () => {
    assert.deepEqual(generateDirectory(OPTIONS), generateDirectory(OPTIONS));
  });

  it('gives other users for another seed', () => {
    const a = generateDirectory(OPTIONS).map((u) => u.email);
    const b = generateDirectory({ ...OPTIONS, seed: 43 }).map((u) => u.email);
    assert.notDeepEqual(a, b);
  });

  it('is not disturbed by other faker use in between', async () => {
    const first = generateDirectory(OPTIONS);
    const { faker } = await import('@faker-js/faker');
    faker.seed(7);
    faker.person.fullName();
    assert.deepEqual(generateDirectory(OPTIONS), first);
  });

  it('makes unique, lower-case emails in the domain, and unique usernames and employee ids', () => {
    const users = generateDirectory(OPTIONS);
    assert.equal(users.length, 200);
    const emails = users.map((u) => u.email);
    assert.equal(new Set(emails).size, emails.length);
    for (const u of users) {
      assert.match(u.email, /^[a-z0-9.]+@corp\.example\.com$/);
      assert.equal(u.upn, u.email);
      assert.equal(u.password, 'pw');
      assert.ok(u.groups.every((g) => OPTIONS.groups.includes(g)));
      assert.ok(u.groups.length <= 2);
    }
    assert.equal(new Set(users.map((u) => u.username)).size, users.length);
    assert.equal(new Set(users.map((u) => u.employeeId)).size, users.length);
  });

  it('avoids reserved usernames and emails, case-insensitively', () => {
    const plain = generateDirectory({ ...OPTIONS, count: 3 });
    const taken = plain[0];
    const users = generateDirectory(
      { ...OPTIONS, count: 3 },
      { usernames: [taken.username.toUpperCase()], emails: [taken.email.toUpperCase()] },
    );
    assert.equal(users[0].username, `${taken.username}2`);
    assert.equal(users[0].email, `${taken.username}2@corp.example.com`);
    assert.equal(users[0].firstName, taken.firstName);
  });

  it('count 0 gives no users', () => {
    assert.deepEqual(generateDirectory({ ...OPTIONS, count: 0 }), []);
  });
});
