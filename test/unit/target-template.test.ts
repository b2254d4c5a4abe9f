import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeRegExp, fillTemplate, TemplateError, templatePlaceholders } from '../../lib/target/index.ts';

describe('fillTemplate', () => {
  it('replaces every placeholder', () => {
    assert.equal(
      fillTemplate('{base_url}/login?RelayState={relay_state}&again={relay_state}', {
        base_url: 'http://127.0.0.1:3000',
        relay_state: 'abc',
      }),
      'http://127.0.0.1:3000/login?RelayState=abc&again=abc',
    );
  });

  it('throws an error naming the unknown placeholder', () => {
    assert.throws(
      () => fillTemplate('{base_url}/x?u={user}', { base_url: 'http://h' }),
      (err: unknown) =>
        err instanceof TemplateError &&
        err.placeholder === 'user' &&
        err.message.includes('{user}') &&
        err.message.includes('{base_url}/x?u={user}'),
    );
  });

  it('does not read inherited properties as variables', () => {
    assert.throws(() => fillTemplate('{toString}', {}), TemplateError);
  });

  it('passes values through the encoder', () => {
    assert.equal(fillTemplate('/x?r={r}', { r: 'a b&c' }, encodeURIComponent), '/x?r=a%20b%26c');
    const re = new RegExp(
      `^${fillTemplate('{base_url}/me$', { base_url: 'http://127.0.0.1:80' }, escapeRegExp)}`,
    );
    assert.ok(re.test('http://127.0.0.1:80/me'));
    assert.ok(!re.test('http://127a0a0a1:80/me'));
  });

  it('leaves regex quantifiers alone and reads doubled braces as literal', () => {
    assert.equal(fillTemplate('a{2}{{x}}', {}), 'a{2}{x}');
    assert.deepEqual(templatePlaceholders('{a}{b}{a}{{c}} {1}'), ['a', 'b']);
  });
});
