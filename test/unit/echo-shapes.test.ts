import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../lib/run/browser.ts';
import type { EchoPage } from '../../lib/target/types.ts';
import { echoDifferences } from '../../suites/sp-target/checks/echo-matches-assertion.ts';
import { identityFromRows, rowsFromLines, rowsFromRegex } from '../../suites/sp-target/checks/echo-shapes.ts';
import { readEchoElement } from '../../suites/sp-target/steps/read-echo.ts';

/*
 * Each echo shape a profile may declare, read from a page as a real SP shows it, must give what
 * the application got: every value of every attribute, and the NameID where the page shows it.
 */

const GROUP = 'http://schemas.xmlsoap.org/claims/Group';
const ASSERTED = {
  nameId: 'alice@corp.test',
  attributes: [
    { name: 'uid', values: ['alice@corp.test'] },
    { name: GROUP, friendlyName: 'groups', values: ['Sales', 'R&D <EU>'] },
  ],
};
const EXPECTED = { uid: ['alice@corp.test'], groups: ['Sales', 'R&D <EU>'] };

describe('echo rows, without a browser', () => {
  test('key=value lines: repeated names collect values, lines without the delimiter are not rows', () => {
    const rows = rowsFromLines('Attributes\nuid=alice@corp.test\n\ngroups=Sales\ngroups=R&D <EU>\n');
    const got = identityFromRows(rows, {});
    assert.deepEqual(got, { nameId: undefined, attributes: EXPECTED });
    assert.deepEqual(echoDifferences(ASSERTED, got, 'as-sent'), []);
  });

  test('a value holding the delimiter keeps it: only the first occurrence separates', () => {
    assert.deepEqual(rowsFromLines('url=https://a.test/?x=1'), [
      { name: 'url', values: ['https://a.test/?x=1'] },
    ]);
  });

  test('Shibboleth-style "name: a;b" lines, with the NameID under its own name', () => {
    const text =
      'Miscellaneous\nClient Address: 127.0.0.1\n\nAttributes\nuid: alice@corp.test\ngroups: Sales;R&D <EU>\npersistent-id: alice@corp.test\n';
    const got = identityFromRows(rowsFromLines(text, ': '), { valueSeparator: ';', nameId: 'persistent-id' });
    assert.equal(got.nameId, 'alice@corp.test');
    assert.deepEqual(got.attributes.groups, ['Sales', 'R&D <EU>']);
    assert.ok(!('persistent-id' in got.attributes));
    assert.deepEqual(echoDifferences(ASSERTED, got, 'as-sent'), []);
  });

  test('a lost value is a difference, so the shape cannot hide one', () => {
    const got = identityFromRows(rowsFromLines('uid: alice@corp.test\ngroups: Sales', ': '), {
      valueSeparator: ';',
    });
    assert.deepEqual(echoDifferences(ASSERTED, got, 'as-sent'), [
      `attribute ${GROUP}: asserted ["Sales","R&D <EU>"], the application got ["Sales"]`,
    ]);
  });

  test('regex: every match, read by its name and value groups', () => {
    const text = '<li>uid is alice@corp.test</li>\n<li>groups is Sales</li>\n<li>groups is R&D <EU></li>';
    const rows = rowsFromRegex(text, '^<li>(?<name>\\w+) is (?<value>.*)</li>$');
    assert.deepEqual(identityFromRows(rows, {}).attributes, EXPECTED);
    assert.deepEqual(rowsFromRegex('nothing here', '^(?<name>\\w+)=(?<value>.*)$'), []);
  });
});

describe('echo shapes read from a page', () => {
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  const read = async (html: string, echo: Partial<EchoPage> & Pick<EchoPage, 'format'>) => {
    await page.setContent(html);
    return readEchoElement(page, { selector: 'body', ...echo }, 'test');
  };

  test('table: first cell the name, list items in the second cell each a value', async () => {
    const got = await read(
      `<table id="a"><tr><th>Name</th><th>Value</th></tr>
        <tr><td>NameID</td><td>alice@corp.test</td></tr>
        <tr><td>uid</td><td>alice@corp.test</td></tr>
        <tr><td>groups</td><td><ul><li>Sales</li><li>R&amp;D &lt;EU&gt;</li></ul></td></tr></table>`,
      { format: 'table', selector: '#a', nameId: 'NameID' },
    );
    assert.equal(got.nameId, 'alice@corp.test');
    assert.deepEqual(got.attributes, { Name: ['Value'], ...EXPECTED });
    assert.deepEqual(echoDifferences(ASSERTED, got, 'as-sent'), []);
  });

  test('table: a row per value of a repeated name', async () => {
    const got = await read(
      '<table><tr><td>uid</td><td>alice@corp.test</td></tr><tr><td>groups</td><td>Sales</td></tr><tr><td>groups</td><td>R&amp;D &lt;EU&gt;</td></tr></table>',
      { format: 'table' },
    );
    assert.deepEqual(got.attributes, EXPECTED);
  });

  test('definition list: dt the name, each dd after it a value', async () => {
    const got = await read(
      '<dl><dt>uid</dt><dd>alice@corp.test</dd><dt>groups</dt><dd>Sales</dd><dd>R&amp;D &lt;EU&gt;</dd></dl>',
      { format: 'table' },
    );
    assert.deepEqual(got.attributes, EXPECTED);
  });

  test('table: an element with neither rows nor a list is an error naming it', async () => {
    await assert.rejects(
      read('<p id="x">uid=alice</p>', { format: 'table', selector: '#x' }),
      /test #x at .*: no table row/,
    );
  });

  test('lines: the text as the browser lays it out, <br> and blocks each a line', async () => {
    const got = await read(
      '<p><u>Attributes</u><br><strong>uid</strong>: alice@corp.test<br><strong>groups</strong>: Sales;R&amp;D &lt;EU&gt;</p>',
      { format: 'lines', delimiter: ': ', valueSeparator: ';' },
    );
    assert.deepEqual(got.attributes, EXPECTED);
  });

  test('lines: a text/plain body as Chromium shows it', async () => {
    await page.goto(
      `data:text/plain,${encodeURIComponent('uid=alice@corp.test\ngroups=Sales\ngroups=R&D <EU>\n')}`,
    );
    const got = await readEchoElement(page, { selector: 'body', format: 'lines' }, 'test');
    assert.deepEqual(got.attributes, EXPECTED);
  });

  test('regex over the laid-out text', async () => {
    const got = await read('<div>uid → alice@corp.test</div><div>groups → Sales | R&amp;D &lt;EU&gt;</div>', {
      format: 'regex',
      pattern: '^(?<name>\\S+) → (?<value>.*)$',
      valueSeparator: ' | ',
    });
    assert.deepEqual(got.attributes, EXPECTED);
  });

  test('json keeps reading as before', async () => {
    const got = await read(
      `<pre id="e">${JSON.stringify({ nameId: 'alice@corp.test', attributes: EXPECTED }).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>`,
      { format: 'json', selector: '#e' },
    );
    assert.deepEqual(got, { nameId: 'alice@corp.test', attributes: EXPECTED });
  });

  test('a selector matching nothing is an error naming it', async () => {
    await assert.rejects(
      read('<p>x</p>', { format: 'lines', selector: '#none' }),
      /test #none at .*: no element matches/,
    );
  });
});
