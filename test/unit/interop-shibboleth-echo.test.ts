import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { attributeId, attributeMapXml } from '../../interop/shibboleth/config-files.ts';
import { echoCgi } from '../../interop/shibboleth/echo-cgi.ts';
import { localDynamicFile } from '../../interop/shibboleth/trust-idp.ts';
import { parseEcho } from '../../suites/sp-target/checks/echo-matches-assertion.ts';

const NAMES = ['http://schemas.xmlsoap.org/claims/Group', "it's \\odd", 'uid'];

function runEcho(env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-shib-echo-'));
  try {
    const file = join(dir, 'echo.pl');
    writeFileSync(file, echoCgi(NAMES), { mode: 0o755 });
    return execFileSync('/usr/bin/perl', [file], {
      env: { PATH: '/usr/bin:/bin', ...env },
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function echoJson(page: string): string {
  const m = /<script type="application\/json" id="accord-echo">(.*)<\/script>/.exec(page);
  assert.ok(m, `no #accord-echo in:\n${page}`);
  return m[1];
}

test('the Shibboleth echo page gives every attribute under its SAML name, values split on unescaped ;', {
  skip: !existsSync('/usr/bin/perl') && 'perl is not installed',
}, () => {
  const page = runEcho({
    accord_nameid: 'pat.kim@example.org',
    'Shib-Identity-Provider': 'http://127.0.0.1:1/idp',
    [attributeId(0)]: 'CN=A\\;B,OU=Groups;CN=C</script>',
    [attributeId(1)]: 'one',
    [attributeId(2)]: '',
    unrelated: 'not an attribute',
  });
  const echo = parseEcho(echoJson(page), 'echo');
  assert.equal(echo.nameId, 'pat.kim@example.org');
  assert.deepEqual(echo.attributes, {
    'http://schemas.xmlsoap.org/claims/Group': ['CN=A;B,OU=Groups', 'CN=C</script>'],
    "it's \\odd": ['one'],
  });
  // A value cannot end the script element that carries the JSON.
  assert.ok(!echoJson(page).includes('</script>'));
});

test('the attribute map names each attribute as a URI and as basic, and every NameID format', () => {
  const xml = attributeMapXml(['a&b', 'uid']);
  assert.match(xml, /<Attribute name="a&amp;b" id="accord_attr_0"\/>/);
  assert.match(
    xml,
    /<Attribute name="uid" nameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic" id="accord_attr_1"\/>/,
  );
  assert.equal(xml.match(/id="accord_nameid"/g)?.length, 4);
});

test('LocalDynamic metadata files are named by the hex SHA-1 of the entityID', () => {
  // sha1("http://127.0.0.1:1/idp"), computed independently with sha1sum.
  assert.equal(
    localDynamicFile('/run', 'http://127.0.0.1:1/idp'),
    `/run/idp/${execFileSync('sha1sum', { input: 'http://127.0.0.1:1/idp', encoding: 'utf8' }).split(' ')[0]}.xml`,
  );
});
